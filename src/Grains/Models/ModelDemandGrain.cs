using GatoLink.Grains.Abstractions.Models;

namespace GatoLink.Grains.Models;

/// <inheritdoc cref="IModelDemandGrain"/>
public sealed class ModelDemandGrain : Grain, IModelDemandGrain
{
    private readonly DemandBoard _board;

    /// <summary>Creates the grain.</summary>
    public ModelDemandGrain(TimeProvider time) => _board = new DemandBoard(time);

    /// <inheritdoc />
    public Task<double> Report(string silo, double interactiveInFlight) => Task.FromResult(_board.Report(silo, interactiveInFlight));
}
