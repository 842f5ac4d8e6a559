using System.Numerics;

namespace GatoLink.Gateway.Cache;

/// <summary>
/// The two vector operations semantic lookup needs, with <see cref="Vector{T}"/>: System.Numerics.Tensors' primitives
/// would do, but that package is not in the shared framework and this is all of it.
/// </summary>
public static class Vectors
{
    /// <summary>Dot product of two vectors of equal length (the cosine similarity of unit vectors).</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }

        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    /// <summary><paramref name="v"/> scaled to unit length (in place), or as is when it is zero.</summary>
    public static float[] Normalized(float[] v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var norm = MathF.Sqrt(Dot(v, v));
        if (norm > 0)
        {
            for (var i = 0; i < v.Length; i++)
            {
                v[i] /= norm;
            }
        }

        return v;
    }
}
