using MassTransit;

namespace IdpTracker.Messaging;

/// <summary>
/// How consumers of frequent events take them: up to <see cref="MessageLimit"/> at once, two batches at a time, never
/// holding a lone event more than <see cref="TimeLimit"/>. Measured with ./idp bench (docs/benchmarks/README.md): a
/// surge of registrations costs one transaction per batch instead of one per event.
/// </summary>
public static class Batching
{
    public const int MessageLimit = 50;
    public const int ConcurrencyLimit = 2;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(20);

    /// <summary>Adds a consumer of <c>Batch&lt;T&gt;</c> (see <see cref="InboxExtensions.ApplyOnceAsync{TMessage}(Microsoft.EntityFrameworkCore.DbContext, ConsumeContext{Batch{TMessage}}, string, Func{IReadOnlyList{ConsumeContext{TMessage}}, Task})"/>).</summary>
    public static IConsumerRegistrationConfigurator<TConsumer> AddBatchConsumer<TConsumer>(this IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer =>
        bus.AddConsumer<TConsumer>((_, consumer) => consumer.Options<BatchOptions>(options => options
            .SetMessageLimit(MessageLimit).SetConcurrencyLimit(ConcurrencyLimit).SetTimeLimit(TimeLimit)));
}
