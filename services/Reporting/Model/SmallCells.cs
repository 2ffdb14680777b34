using System.Globalization;

namespace IdpTracker.Reporting.Model;

/// <summary>
/// Small-cell suppression for anything that leaves the service. A count from 1 to 4 could point to identifiable
/// people, so it is shown as "&lt;5" (zero is safe to show). A hidden count must not be recoverable from a total
/// either, so every sum a reader sees (a row and its total, a column and its total, a key figure and its parts) must
/// hide none of its terms or at least two, whose hidden parts under a shown total add up to 9 or more
/// (complementary suppression): the next one hidden is the smallest count above zero
/// that is not yet hidden and at least 8 (so the two together can hide any small count; a hidden zero would give the
/// other away), else the largest there is, else the total itself. Rules are applied until no sum
/// has a single hidden term. Complementary cells are shown as "x", never as a made-up "&lt;5".
/// </summary>
/// <remarks>
/// This is the usual "two per line" heuristic of statistical offices. It keeps a reader from reading a hidden count
/// off one sum; it does not solve the general problem of every linear combination, which the tables a report
/// publishes (a few rows, few linked totals) do not need.
/// </remarks>
public sealed class SmallCells
{
    public const int Threshold = 5;
    public const string Small = "<5";
    public const string Withheld = "x";
    public const string Legend = "<5: a count from 1 to 4, hidden to protect the people counted. x: withheld so that such a count cannot be worked out from a total.";

    private readonly List<int> _values = [];
    private readonly List<bool> _hidden = [];
    private readonly List<(int[] Parts, int Total)> _sums = [];
    private bool _applied;

    /// <summary>A count on its own, outside any table: shown, or "&lt;5".</summary>
    public static string Show(int count) => count is > 0 and < Threshold ? Small : count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count that will be published; returns its id.</summary>
    public int Count(int value)
    {
        _values.Add(value);
        _hidden.Add(value is > 0 and < Threshold);
        _applied = false;
        return _values.Count - 1;
    }

    /// <summary>Says that <paramref name="total"/> is the sum of <paramref name="parts"/>, as a reader sees them together.</summary>
    public void Sum(int total, params int[] parts)
    {
        _sums.Add((parts, total));
        _applied = false;
    }

    public int ValueOf(int id) => _values[id];

    public bool IsHidden(int id)
    {
        Apply();
        return _hidden[id];
    }

    public string Display(int id)
    {
        Apply();
        var value = _values[id];
        return !_hidden[id] ? value.ToString("N0", CultureInfo.InvariantCulture) : value is > 0 and < Threshold ? Small : Withheld;
    }

    private void Apply()
    {
        if (_applied) return;
        bool changed;
        do
        {
            changed = false;
            foreach (var (parts, total) in _sums)
            {
                var terms = parts.Append(total).ToList();
                var hidden = terms.Count(t => _hidden[t]);
                // One hidden term can be read off the sum; so can the sum of several hidden parts under a shown total,
                // which is itself a small count (or narrows one down) while it is under 9.
                var readable = hidden == 1 || (hidden < terms.Count && !_hidden[total] && parts.Where(p => _hidden[p]).Sum(p => _values[p]) < 2 * Threshold - 1);
                if (hidden == 0 || !readable) continue;
                var partner = parts.Where(p => !_hidden[p] && _values[p] >= 2 * Threshold - 2).OrderBy(p => _values[p]).Cast<int?>().FirstOrDefault()
                              ?? parts.Where(p => !_hidden[p] && _values[p] > 0).OrderByDescending(p => _values[p]).Cast<int?>().FirstOrDefault()
                              ?? (_hidden[total] ? null : (int?)total)
                              ?? parts.First(p => !_hidden[p]);
                _hidden[partner] = true;
                // With a partner under 8, "<5" + "x" = the total would narrow the small count down: the total goes too.
                if (partner != total && _values[partner] < 2 * Threshold - 2 && !_hidden[total]) _hidden[total] = true;
                changed = true;
            }
        }
        while (changed);
        _applied = true;
    }
}
