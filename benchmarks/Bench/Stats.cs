/// <summary>Nearest-rank percentiles of a set of timings.</summary>
sealed class Timings
{
    private readonly List<double> _values = [];

    public void Add(double milliseconds)
    {
        lock (_values) _values.Add(milliseconds);
    }

    public int Count => _values.Count;

    public double At(double quantile)
    {
        lock (_values)
        {
            if (_values.Count == 0) return double.NaN;
            var sorted = _values.Order().ToList();
            return sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
    }

    public string P50P95P99 => $"{At(0.5):N0} | {At(0.95):N0} | {At(0.99):N0}";
}
