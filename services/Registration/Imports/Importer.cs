using FluentValidation;
using IdpTracker.Registration.Apis;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Imports;

/// <summary>
/// Runs an import household by household: a dry run reports each submission's problems and stores
/// nothing; a real run registers each household as a device would, so a re-import is harmless.
/// Progress is saved every <see cref="ProgressEvery"/> households for anyone watching.
/// </summary>
public sealed class Importer(IServiceScopeFactory scopes, TimeProvider clock, ILogger<Importer> logger)
{
    public const int ProgressEvery = 100;

    public async Task<ImportRun> RunAsync(ImportRun run, IAsyncEnumerable<ImportedHousehold> households, CancellationToken cancellationToken)
    {
        await SaveAsync(run, isNew: true, cancellationToken);
        try
        {
            await foreach (var household in households.WithCancellation(cancellationToken))
            {
                // A scope per household keeps memory flat however long the file is.
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await ApplyAsync(run, household, scope.ServiceProvider, cancellationToken);
                }
                if (run.Households % ProgressEvery == 0) await SaveAsync(run, isNew: false, cancellationToken);
            }
            run.Status = ImportStatus.Completed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.Status = ImportStatus.Failed;
            run.Error = $"The upload was interrupted after {run.Households} household(s). Send the file again: households already imported are recognised and not stored twice.";
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or CsvHelper.CsvHelperException or BadHttpRequestException)
        {
            run.Status = ImportStatus.Failed;
            run.Error = $"The file could not be read after {run.Households} household(s): {ex.Message}";
            logger.LogWarning("Import {ImportId} stopped: the file could not be read after {Households} households", run.Id, run.Households);
        }
        run.FinishedAt = clock.GetUtcNow();
        await SaveAsync(run, isNew: false, CancellationToken.None);
        return run;
    }

    private static async Task ApplyAsync(ImportRun run, ImportedHousehold household, IServiceProvider services, CancellationToken cancellationToken)
    {
        run.Households++;
        var label = string.IsNullOrEmpty(household.SubmissionId) ? $"household {run.Households}" : $"submission {household.SubmissionId}";
        if (household.Request is null)
        {
            run.Invalid++;
            run.AddProblem($"{label}: {household.Problem}");
            return;
        }

        if (run.DryRun)
        {
            var validation = await services.GetRequiredService<IValidator<RegisterHouseholdRequest>>().ValidateAsync(household.Request, cancellationToken);
            var errors = validation.ToProblemErrors();
            var db = services.GetRequiredService<RegistrationDbContext>();
            if (!await db.Centers.AnyAsync(c => c.Id == household.Request.CenterId, cancellationToken)) errors["centerId"] = ["No reception centre has this id."];
            if (errors.Count == 0) return;
            run.Invalid++;
            foreach (var (field, messages) in errors) run.AddProblem($"{label}: {field}: {string.Join(" ", messages)}");
            return;
        }

        var result = await services.GetRequiredService<HouseholdRegistration>().RegisterAsync(household.HouseholdId, household.Request, null, cancellationToken);
        switch (result.Outcome)
        {
            case RegistrationOutcome.Created: run.Created++; break;
            case RegistrationOutcome.Unchanged: run.Unchanged++; break;
            case RegistrationOutcome.Updated: run.Updated++; break;
            case RegistrationOutcome.Conflict:
                run.Conflicts++;
                run.AddProblem($"{label}: already imported with different content; the new copy is kept for review (conflict {result.ConflictId}).");
                break;
            default:
                run.Invalid++;
                foreach (var (field, messages) in result.Errors!) run.AddProblem($"{label}: {field}: {string.Join(" ", messages)}");
                break;
        }
    }

    private async Task SaveAsync(ImportRun run, bool isNew, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
        if (isNew) db.Imports.Add(run);
        else db.Imports.Update(run);
        await db.SaveChangesAsync(cancellationToken);
    }
}
