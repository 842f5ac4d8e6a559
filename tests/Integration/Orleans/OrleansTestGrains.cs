using Orleans.Placement;
using Orleans.Runtime;

namespace GatoLink.Integration.Tests.Orleans;

/// <summary>Says which silo it runs on; activated where it is first called from.</summary>
public interface IWhereGrain : IGrainWithStringKey
{
    Task<string> SiloAsync();
}

[PreferLocalPlacement]
public sealed class WhereGrain(ILocalSiloDetails silo) : Grain, IWhereGrain
{
    public Task<string> SiloAsync() => Task.FromResult(silo.SiloAddress.ToParsableString());
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public long Value { get; set; }

    [Id(1)]
    public string Note { get; set; } = "";
}

/// <summary>A persistent counter on the "pg" ADO.NET grain storage.</summary>
public interface ICounterGrain : IGrainWithIntegerKey
{
    Task SetAsync(long value, string note);

    Task<CounterState> GetAsync();

    Task<string?> ETagAsync();

    Task<bool> RecordExistsAsync();

    Task ClearAsync();

    Task DeactivateAsync();
}

public sealed class CounterGrain(
    [PersistentState("counter", OrleansTestSilo.StorageName)] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task SetAsync(long value, string note)
    {
        state.State.Value = value;
        state.State.Note = note;
        await state.WriteStateAsync();
    }

    public Task<CounterState> GetAsync() => Task.FromResult(state.State);

    public Task<string?> ETagAsync() => Task.FromResult(state.Etag);

    public Task<bool> RecordExistsAsync() => Task.FromResult(state.RecordExists);

    public Task ClearAsync() => state.ClearStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

/// <summary>Registers, lists and removes reminders, and counts the ticks it receives.</summary>
public interface IReminderTestGrain : IGrainWithStringKey
{
    Task RegisterAsync(string name, TimeSpan due, TimeSpan period);

    Task<List<string>> ListAsync();

    Task<bool> UnregisterAsync(string name);

    Task<int> TicksAsync(string name);
}

public sealed class ReminderTestGrain : Grain, IReminderTestGrain, IRemindable
{
    // Ticks are counted per silo process, not per activation, so a tick that re-activates the grain still counts.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Ticks = new();

    public async Task RegisterAsync(string name, TimeSpan due, TimeSpan period) =>
        await this.RegisterOrUpdateReminder(name, due, period);

    public async Task<List<string>> ListAsync() =>
        (await this.GetReminders()).Select(r => r.ReminderName).Order(StringComparer.Ordinal).ToList();

    public async Task<bool> UnregisterAsync(string name)
    {
        var reminder = await this.GetReminder(name);
        if (reminder is null)
        {
            return false;
        }

        await this.UnregisterReminder(reminder);
        return true;
    }

    public Task<int> TicksAsync(string name) => Task.FromResult(Ticks.GetValueOrDefault(Key(name)));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.AddOrUpdate(Key(reminderName), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    private string Key(string name) => $"{this.GetPrimaryKeyString()}/{name}";
}
