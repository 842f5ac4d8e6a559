using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Tests.Quotas;

/// <summary>Wraps a store; once closed, acquisitions wait until the test opens the gate again.</summary>
internal sealed class GatedLeaseStore(IQuotaLeaseStore inner) : IQuotaLeaseStore
{
    private TaskCompletionSource _gate = Open();
    private int _acquires;

    public int Acquires => Volatile.Read(ref _acquires);

    public void Close() => Volatile.Write(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Release() => Volatile.Read(ref _gate).TrySetResult();

    public async ValueTask<LeaseGrant> AcquireAsync(LeaseRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _acquires);
        await Volatile.Read(ref _gate).Task.WaitAsync(cancellationToken);
        return await inner.AcquireAsync(request, cancellationToken);
    }

    public ValueTask ReturnAsync(LeaseReturn lease, CancellationToken cancellationToken) => inner.ReturnAsync(lease, cancellationToken);

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
