namespace IdpTracker.Testing;

/// <summary>Bounded waits for things that happen asynchronously (a message crossing the bus).</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe() is { } value) return value;
            }
            catch (GiveUpException) { throw; }
            catch (Exception ex) { last = ex; }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}." + (last is null ? "" : " Last error: " + last.Message));
    }

    public static async Task True(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        await Get<object>(async () => await probe() ? new object() : null, timeout, what);
}

/// <summary>Thrown by a probe when waiting longer cannot help (the process under test has exited).</summary>
public sealed class GiveUpException(string message) : Exception(message);
