namespace GatoLink.Grains.Abstractions.Models;

/// <summary>
/// One model's interactive demand across the cluster (key: the canonical model name): each silo reports the mean number
/// of interactive requests it has in flight for the model about once a second and gets the sum over the silos that
/// reported lately. The batch headroom is sized from the sum, so chats spread over several silos keep the slots the
/// whole of their demand needs. Held in memory only: a lost activation is rebuilt by the next second's reports.
/// </summary>
[Alias("gatolink.model-demand-grain")]
public interface IModelDemandGrain : IGrainWithStringKey
{
    /// <summary>Records <paramref name="silo"/>'s mean (0 or more) and returns the sum of every silo's fresh report, its own included.</summary>
    Task<double> Report(string silo, double interactiveInFlight);
}
