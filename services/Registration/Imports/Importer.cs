using IdpTracker.Registration.Apis;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;

namespace IdpTracker.Registration.Imports;

/// <summary>
/// Runs an import in batches of <see cref="BatchSize"/> households: a dry run reports each submission's
/// problems and stores nothing; a real run stores a batch's new households in one transaction and judges
/// households already stored like a device's resend, so a re-import is harmless. Progress is saved after
/// each batch, which is also how a reader tells a running import from one whose service stopped.
/// </summary>
public sealed class Importer(IServiceScopeFactory scopes, TimeProvider clock, ILogger<Importer> logger)
{
    public const int BatchSize = 200;

    public async Task<ImportRun> RunAsync(ImportRun run, IAsyncEnumerable<ImportedHousehold> households, CancellationToken cancellationToken)
    {
        await SaveAsync(run, isNew: true, cancellationToken);
        try
        {
            await foreach (var batch in households.Chunk(BatchSize).WithCancellation(cancellationToken))
            {
                // A scope per batch keeps memory flat however long the file is.
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await ApplyAsync(run, batch, scope.ServiceProvider.GetRequiredService<HouseholdRegistration>(), cancellationToken);
                }
                await SaveAsync(run, isNew: false, cancellationToken);
            }
            run.Status = ImportStatus.Completed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.Fail($"The upload was interrupted after {run.Households} household(s).");
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or CsvHelper.CsvHelperException or BadHttpRequestException)
        {
            run.Status = ImportStatus.Failed;
            run.Error = $"The file could not be read after {run.Households} household(s): {ex.Message}";
            logger.LogWarning("Import {ImportId} stopped: the file could not be read after {Households} households", run.Id, run.Households);
        }
        catch (Exception ex)
        {
            // Never left "running": what was stored stays stored, and the person knows to send the file again.
            run.Fail($"The import stopped after {run.Households} household(s) because of an error on the server.");
            logger.LogError(ex, "Import {ImportId} stopped after {Households} households", run.Id, run.Households);
        }
        run.FinishedAt = clock.GetUtcNow();
        await SaveAsync(run, isNew: false, CancellationToken.None);
        return run;
    }

    private static async Task ApplyAsync(ImportRun run, ImportedHousehold[] batch, HouseholdRegistration registration, CancellationToken cancellationToken)
    {
        var labels = batch.Select((h, i) => string.IsNullOrEmpty(h.SubmissionId) ? $"household {run.Households + i + 1}" : $"submission {h.SubmissionId}").ToArray();
        run.Households += batch.Length;
        var readable = Enumerable.Range(0, batch.Length).Where(i => batch[i].Request is not null).ToList();
        foreach (var i in Enumerable.Range(0, batch.Length).Except(readable))
        {
            run.Invalid++;
            run.AddProblem($"{labels[i]}: {batch[i].Problem}");
        }

        var requests = readable.Select(i => (batch[i].HouseholdId, batch[i].Request!, (int?)null)).ToList();
        IReadOnlyList<RegistrationResult?> results = run.DryRun
            ? await registration.CheckAsync(requests.Select(r => r.Item2).ToList(), cancellationToken)
            : (await registration.RegisterManyAsync(requests, cancellationToken)).ToList<RegistrationResult?>();
        foreach (var (result, label) in results.Zip(readable.Select(i => labels[i])))
        {
            Count(run, result, label);
        }
    }

    private static void Count(ImportRun run, RegistrationResult? result, string label)
    {
        switch (result?.Outcome)
        {
            case null: break; // a dry run found nothing wrong
            case RegistrationOutcome.Created: run.Created++; break;
            case RegistrationOutcome.Unchanged: run.Unchanged++; break;
            case RegistrationOutcome.Updated: run.Updated++; break;
            case RegistrationOutcome.Conflict:
                run.Conflicts++;
                run.AddProblem($"{label}: already imported with different content; the new copy is kept for review (conflict {result.ConflictId}).");
                break;
            case RegistrationOutcome.NotStored:
                run.Invalid++;
                run.AddProblem($"{label}: could not be stored just now; import the file again (households already stored are not stored twice).");
                break;
            default:
                run.Invalid++;
                foreach (var (field, messages) in result.Errors!) run.AddProblem($"{label}: {field}: {string.Join(" ", messages)}");
                break;
        }
    }

    private async Task SaveAsync(ImportRun run, bool isNew, CancellationToken cancellationToken)
    {
        run.UpdatedAt = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
        if (isNew) db.Imports.Add(run);
        else db.Imports.Update(run);
        await db.SaveChangesAsync(cancellationToken);
    }
}
