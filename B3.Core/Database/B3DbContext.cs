using B3.Core.Database.Entities;
using Microsoft.EntityFrameworkCore;

namespace B3.Core.Database;

/// <summary>
/// Schema <c>b3</c> as EF Core sees it: one entity per table, configured in <c>Configurations/</c>, columns in
/// snake_case. Its migrations (<c>Migrations/</c>) are the one way the schema changes.
/// </summary>
public sealed class B3DbContext(DbContextOptions<B3DbContext> options) : DbContext(options)
{
    public const string Schema = "b3";

    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();

    public DbSet<IngestionJob> IngestionJobs => Set<IngestionJob>();

    public DbSet<Instrument> Instruments => Set<Instrument>();

    public DbSet<Trade> Trades => Set<Trade>();

    public DbSet<DailyQuote> DailyQuotes => Set<DailyQuote>();

    public DbSet<IndexMember> IndexComposition => Set<IndexMember>();

    public DbSet<QuarantinedRow> Quarantine => Set<QuarantinedRow>();

    public DbSet<DailySummary> DailySummary => Set<DailySummary>();

    public DbSet<AlertRecord> Alerts => Set<AlertRecord>();

    public DbSet<CorporateAction> CorporateActions => Set<CorporateAction>();

    public DbSet<ReportedCorporateEvent> ReportedCorporateEvents => Set<ReportedCorporateEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(B3DbContext).Assembly);
    }
}
