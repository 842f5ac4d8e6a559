namespace GatoLink.Grains.Abstractions.Models;

/// <summary>The order of a model's wait queue when every node serving it is saturated (<c>GatoLink:Placement:QueueOrder</c>).</summary>
public enum QueueOrder
{
    /// <summary>Class first, then weighted fair share of GPU work across tenants (the default).</summary>
    Fair,

    /// <summary>First come, first served, whoever sends: the order before fair share, kept to compare against (bench/fairness).</summary>
    Fifo,
}
