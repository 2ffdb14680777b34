namespace IdpTracker.ServiceDefaults;

/// <summary>
/// Page number and size of a list, checked once for every list endpoint. The page number is bounded so that the rows
/// skipped always fit (page 2147483647 of 200 would overflow); nobody pages that far, they filter.
/// </summary>
public readonly record struct Paging(int Number, int Size)
{
    public const int MaxPage = 100_000;

    public int Skip => (Number - 1) * Size;

    /// <returns>The errors naming page or pageSize, or null when both are acceptable.</returns>
    public static Dictionary<string, string[]>? Check(int? page, int? pageSize, int defaultSize, int maxSize, string items, out Paging paging)
    {
        paging = new Paging(page ?? 1, pageSize ?? defaultSize);
        var errors = new Dictionary<string, string[]>();
        if (paging.Size is < 1 || paging.Size > maxSize) errors["pageSize"] = [$"Pages hold 1 to {maxSize} {items}."];
        if (paging.Number is < 1 or > MaxPage) errors["page"] = [$"Pages are numbered from 1 to {MaxPage}; narrow the list with its filters to reach further."];
        return errors.Count == 0 ? null : errors;
    }
}
