using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Messaging;

public static class MessagingModelBuilderExtensions
{
    /// <summary>Maps the outbox and inbox tables into a service's own DbContext (and so its migrations).</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(b =>
        {
            b.ToTable("outbox_message");
            b.HasKey(m => m.Id);
            b.Property(m => m.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            b.Property(m => m.MessageId).HasColumnName("message_id");
            b.HasIndex(m => m.MessageId).IsUnique();
            b.Property(m => m.MessageType).HasColumnName("message_type");
            b.Property(m => m.Body).HasColumnName("body").HasColumnType("jsonb");
            b.Property(m => m.TraceParent).HasColumnName("trace_parent");
            b.Property(m => m.TraceState).HasColumnName("trace_state");
            b.Property(m => m.CreatedAt).HasColumnName("created_at");
            b.Property(m => m.NotBefore).HasColumnName("not_before");
            b.Property(m => m.Attempts).HasColumnName("attempts");
            b.Property(m => m.LastError).HasColumnName("last_error");
        });
        modelBuilder.Entity<InboxState>(b =>
        {
            b.ToTable("inbox_state");
            b.HasKey(m => new { m.MessageId, m.ConsumerId });
            b.Property(m => m.MessageId).HasColumnName("message_id");
            b.Property(m => m.ConsumerId).HasColumnName("consumer_id");
            b.Property(m => m.ReceivedAt).HasColumnName("received_at");
        });
        return modelBuilder;
    }
}
