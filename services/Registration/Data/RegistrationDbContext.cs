using IdpTracker.Messaging;
using IdpTracker.Registration.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace IdpTracker.Registration.Data;

public sealed class RegistrationDbContext(DbContextOptions<RegistrationDbContext> options) : DbContext(options)
{
    public DbSet<Center> Centers => Set<Center>();
    public DbSet<Household> Households => Set<Household>();

    /// <summary>
    /// Locks, until the current transaction ends, those of <paramref name="ids"/> no other transaction holds, and skips
    /// the others: two copies of a job working through the same households each take their own share.
    /// </summary>
    public Task<List<Guid>> LockHouseholdsSkippingLockedAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken) =>
        Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM households WHERE id = ANY({ids}) FOR UPDATE SKIP LOCKED").ToListAsync(cancellationToken);
    public DbSet<HouseholdConflict> Conflicts => Set<HouseholdConflict>();
    public DbSet<HouseholdVersion> Versions => Set<HouseholdVersion>();
    public DbSet<NameIndexEntry> NameIndex => Set<NameIndexEntry>();
    public DbSet<Movement> Movements => Set<Movement>();
    public DbSet<DuplicatePair> Duplicates => Set<DuplicatePair>();
    public DbSet<ImportRun> Imports => Set<ImportRun>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    /// <summary>
    /// Name keys to insert with the next save, by household. They are most of the rows a registration writes (about
    /// thirty for a family of five): tracked by EF Core, each cost more CPU than the household itself, so they are
    /// copied in one binary COPY inside the save's transaction instead (docs/benchmarks/README.md). They belong to their
    /// household's tracking: once it is no longer tracked (the change tracker cleared after a failed save), its keys are
    /// not written either, and whoever registers it again derives them again.
    /// </summary>
    private readonly Dictionary<Household, List<NameIndexEntry>> _nameKeysToInsert = new(ReferenceEqualityComparer.Instance);

    /// <summary>The keys <paramref name="household"/> has beyond those stored, inserted by the next save (replacing any given before it).</summary>
    public void InsertNameKeysOnSave(Household household, IEnumerable<NameIndexEntry> entries) => _nameKeysToInsert[household] = entries.ToList();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var keys = NameKeysToInsert();
        if (keys.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        // In a transaction of its own a save needs no savepoint (a statement more per save): any failure rolls it all back.
        var savepoints = Database.AutoSavepointsEnabled;
        if (own is not null) Database.AutoSavepointsEnabled = false;
        try
        {
            // Accepted only once the keys are in too: if the copy fails, the tracked changes stay as they were, to be saved again.
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            try
            {
                await CopyAsync(keys, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Said as EF Core says it, so callers judge the household again as for any row already there
                // (IsUniqueViolation): a correction racing the index's upgrade job, which writes the same keys.
                throw new DbUpdateException("A name key was already stored.", ex);
            }
            if (own is not null) await own.CommitAsync(cancellationToken);
            if (acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
            _nameKeysToInsert.Clear();
            return saved + keys.Count;
        }
        finally
        {
            Database.AutoSavepointsEnabled = savepoints;
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) => NameKeysToInsert().Count == 0
        ? base.SaveChanges(acceptAllChangesOnSuccess)
        : throw new NotSupportedException("Name keys are written by SaveChangesAsync only.");

    /// <summary>The name keys the next save copies: those of households still tracked (a bulk writer copying rows itself copies these too).</summary>
    public List<NameIndexEntry> NameKeysToInsert()
    {
        foreach (var untracked in _nameKeysToInsert.Keys.Where(h => Entry(h).State == EntityState.Detached).ToList()) _nameKeysToInsert.Remove(untracked);
        return _nameKeysToInsert.Values.SelectMany(k => k).ToList();
    }

    private async Task CopyAsync(List<NameIndexEntry> keys, CancellationToken cancellationToken)
    {
        var into = _nameIndexCopy ??= CopyInto.For(Model.FindEntityType(typeof(NameIndexEntry))!);
        var connection = (NpgsqlConnection)Database.GetDbConnection();
        await using var copy = await connection.BeginBinaryImportAsync(into.Statement, cancellationToken);
        foreach (var key in keys)
        {
            await copy.StartRowAsync(cancellationToken);
            foreach (var column in into.Columns)
            {
                var value = column.Getter.GetClrValue(key);
                if (value is not null && column.Mapping.Converter is { } converter) value = converter.ConvertToProvider(value);
                if (value is null) await copy.WriteNullAsync(cancellationToken);
                else await copy.WriteAsync(value, column.Mapping.StoreTypeNameBase, cancellationToken);
            }
        }
        await copy.CompleteAsync(cancellationToken);
    }

    private static CopyInto? _nameIndexCopy;

    /// <summary>
    /// A COPY of an entity's rows in the table, columns and value conversions of the model (as the migrations create
    /// them), so that a property added to the entity is written without this statement being edited by hand.
    /// </summary>
    private sealed record CopyInto(string Statement, IReadOnlyList<(IClrPropertyGetter Getter, RelationalTypeMapping Mapping)> Columns)
    {
        public static CopyInto For(IEntityType type)
        {
            // What a COPY cannot write as EF Core would: a value only the change tracker holds, one the database makes.
            var unsupported = type.GetProperties().Where(p => p.IsShadowProperty() || p.ValueGenerated != ValueGenerated.Never).Select(p => p.Name)
                .Concat(type.GetComplexProperties().Select(p => p.Name))
                .Concat(type.GetNavigations().Where(n => n.TargetEntityType.IsOwned()).Select(n => n.Name)).ToList();
            if (unsupported.Count > 0)
            {
                throw new NotSupportedException($"{type.DisplayName()} is written with COPY, which writes plain properties only: {string.Join(", ", unsupported)}.");
            }
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var columns = type.GetProperties().Select(p => (Property: p, Column: p.GetColumnName(table))).Where(c => c.Column is not null).ToList();
            var name = (table.Schema is null ? "" : $"\"{table.Schema}\".") + $"\"{table.Name}\"";
            return new CopyInto($"COPY {name} ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) FROM STDIN (FORMAT BINARY)",
                columns.Select(c => (c.Property.GetGetter(), c.Property.GetRelationalTypeMapping())).ToList());
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Center>(b =>
        {
            b.Property(c => c.Name).HasMaxLength(200);
            b.Property(c => c.NameArabic).HasMaxLength(200);
            b.Property(c => c.Type).HasConversion<string>().HasMaxLength(30);
            b.Property(c => c.Status).HasConversion<string>().HasMaxLength(10);
            b.Property(c => c.Adm3Code).HasMaxLength(20);
            b.Property(c => c.Adm3Name).HasMaxLength(200);
            b.Property(c => c.CeilingHeightM).HasPrecision(5, 2);
            b.Property(c => c.Version).IsConcurrencyToken();
            b.Property(c => c.Adm1Code).HasMaxLength(20);
            b.Property(c => c.Adm2Code).HasMaxLength(20);
            b.Property(c => c.Adm1Name).HasMaxLength(200);
            b.Property(c => c.Adm2Name).HasMaxLength(200);
            b.Property(c => c.Location).HasMaxLength(200);
            b.Property(c => c.FloorAreaM2).HasPrecision(10, 2);
        });

        modelBuilder.Entity<Household>(b =>
        {
            b.Property(h => h.Id).ValueGeneratedNever();
            b.Property(h => h.ContentHash).HasMaxLength(64);
            b.Property(h => h.Version).IsConcurrencyToken();
            b.Property(h => h.OriginAdm1Code).HasMaxLength(20);
            b.Property(h => h.OriginAdm2Code).HasMaxLength(20);
            b.Property(h => h.OriginAdm3Code).HasMaxLength(20);
            b.Property(h => h.OriginNeighbourhood).HasMaxLength(200);
            b.Property(h => h.Status).HasConversion<string>().HasMaxLength(10);
            b.Property(h => h.Presence).HasConversion<string>().HasMaxLength(12).HasDefaultValue(Presence.DayAndNight).HasSentinel((Presence)(-1));
            b.Property(h => h.Destination).HasConversion<string>().HasMaxLength(20);
            b.Property(h => h.PlaceVersion).IsConcurrencyToken();
            b.HasIndex(h => h.CurrentCenterId);
            b.HasIndex(h => h.OverdueSince).HasFilter("overdue_since IS NOT NULL");
            b.HasIndex(h => h.CenterId);
            // The households list's pages, newest arrival first, read in this order and stopped at the page's end instead of
            // sorting the whole register (0.65 s at 2,300,000 households, docs/benchmarks/README.md item 22).
            b.HasIndex(h => new { h.ArrivedAt, h.Id }).IsDescending(true, false).HasFilter("merged_into_id IS NULL")
                .HasDatabaseName("ix_households_newest_first").IsCreatedConcurrently();
            // "Is any household still indexed with older name keys?" is asked before every round of rescoring: without an
            // index it read the whole register (200 ms at 1,500,000 households) to answer no.
            b.HasIndex(h => h.NameKeysVersion).HasFilter("purged_at IS NULL").IsCreatedConcurrently();
            b.HasOne<Center>().WithMany().HasForeignKey(h => h.CenterId).OnDelete(DeleteBehavior.Restrict);
            b.HasMany(h => h.Members).WithOne().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Member>(b =>
        {
            b.ToTable("members");
            b.Property(m => m.Id).ValueGeneratedNever();
            b.Property(m => m.Sex).HasConversion<string>().HasMaxLength(10);
            b.Property(m => m.Relationship).HasConversion<string>().HasMaxLength(20);
        });

        modelBuilder.Entity<AuditEntry>(b =>
        {
            b.ToTable("audit_entries");
            b.Property(a => a.Action).HasConversion<string>().HasMaxLength(12);
            b.Property(a => a.Actor).HasMaxLength(100);
            b.Property(a => a.Client).HasMaxLength(100);
            b.HasIndex(a => a.HouseholdId);
            b.HasIndex(a => new { a.Actor, a.At });
        });

        modelBuilder.Entity<ImportRun>(b =>
        {
            b.ToTable("import_runs");
            b.Property(i => i.Id).ValueGeneratedNever();
            b.Property(i => i.Format).HasConversion<string>().HasMaxLength(10);
            b.Property(i => i.Status).HasConversion<string>().HasMaxLength(10);
        });

        modelBuilder.Entity<DuplicatePair>(b =>
        {
            b.ToTable("duplicate_pairs");
            b.Property(d => d.Id).ValueGeneratedNever();
            b.Property(d => d.Status).HasConversion<string>().HasMaxLength(10);
            b.Property(d => d.Reason).HasMaxLength(DuplicatePair.ReasonMaxLength);
            b.Property(d => d.ResolvedBy).HasMaxLength(200);
            b.HasIndex(d => new { d.FirstHouseholdId, d.SecondHouseholdId }).IsUnique();
            // A household's pairs are looked up from either side (first OR second): each side needs its index.
            b.HasIndex(d => d.SecondHouseholdId);
            b.HasIndex(d => d.Status);
        });

        modelBuilder.Entity<Movement>(b =>
        {
            b.ToTable("movements");
            b.Property(m => m.Id).ValueGeneratedNever();
            b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
            b.Property(m => m.Destination).HasConversion<string>().HasMaxLength(20);
            b.Property(m => m.ContentHash).HasMaxLength(64);
            b.HasIndex(m => new { m.HouseholdId, m.OccurredAt });
            b.HasOne<Household>().WithMany().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<NameIndexEntry>(b =>
        {
            b.ToTable("name_index");
            b.HasKey(e => new { e.HouseholdId, e.MemberId, e.Hash });
            b.Property(e => e.Sex).HasConversion<string>().HasMaxLength(10);
            // Each index holds only the keys its reader asks for. Keys are random, so every row an index holds is a
            // random page read and written on each registration; at 1,500,000 households the name index is the
            // register's largest table and no longer fits in memory (docs/decisions/ADR-014).
            // Duplicate matching reads the members of a phonetic key or pair of keys, sex and span of birth dates
            // without reading the table (DuplicateFinder).
            b.HasIndex(e => new { e.Hash, e.Sex, e.DateOfBirth }).IncludeProperties(e => new { e.HouseholdId, e.MemberId })
                .HasFilter("phonetic OR pair").HasDatabaseName("ix_name_index_match_candidates").IsCreatedConcurrently();
            // A name search pages the households carrying a key (as spelled or as it sounds, never a pair) in id order
            // (HouseholdSearch), without reading the table.
            b.HasIndex(e => new { e.Hash, e.HouseholdId }).IncludeProperties(e => new { e.MemberId, e.Sex, e.DateOfBirth })
                .HasFilter("NOT pair").HasDatabaseName("ix_name_index_search").IsCreatedConcurrently();
            b.HasOne<Household>().WithMany().HasForeignKey(e => e.HouseholdId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<HouseholdVersion>(b =>
        {
            b.ToTable("household_versions");
            b.Property(v => v.Id).ValueGeneratedNever();
            // Encrypted: a version holds names and the phone number.
            b.Property(v => v.StoredBy).HasMaxLength(100);
            b.Property(v => v.Change).HasConversion<string>().HasMaxLength(10);
            b.HasIndex(v => new { v.HouseholdId, v.Version }).IsUnique();
        });

        modelBuilder.Entity<HouseholdConflict>(b =>
        {
            b.ToTable("household_conflicts");
            b.Property(c => c.Id).ValueGeneratedNever();
            // Encrypted: the refused copy holds names.
            b.Property(c => c.SubmittedHash).HasMaxLength(64);
            b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
            b.HasIndex(c => new { c.HouseholdId, c.SubmittedHash }).IsUnique();
            b.HasIndex(c => c.Status);
        });

        modelBuilder.AddOutboxAndInbox();
    }
}
