using WorkflowCore.Models;

namespace BatchInfer.Tests.Host.Persistence;

public abstract partial class PersistenceProviderContract
{
    [Fact]
    public async Task GetSubscription_AfterCreate_RoundTripsEveryField()
    {
        var created = NewSubscription("a", "k", Now);
        var id = await Subject.CreateEventSubscription(created);

        var stored = await Subject.GetSubscription(id);

        Assert.Equal(id, created.Id);
        StateAssert.Same(created, stored, "subscription");
    }

    [Fact]
    public async Task GetSubscription_UnknownId_ReturnsNull()
    {
        await Subject.CreateEventSubscription(NewSubscription("a", "k", Now));

        Assert.Null(await Subject.GetSubscription(Guid.NewGuid().ToString()));
    }

    [Fact]
    public async Task GetSubscriptions_NameKeyAndAsOf_ReturnsOnlyThoseSubscribedByAsOf()
    {
        var early = await Subject.CreateEventSubscription(NewSubscription("a", "k", Now.AddMinutes(-1)));
        await Subject.CreateEventSubscription(NewSubscription("a", "k", Now.AddMinutes(1)));
        await Subject.CreateEventSubscription(NewSubscription("a", "other", Now.AddMinutes(-1)));

        var found = await Subject.GetSubscriptions("a", "k", Now);

        Assert.Equal([early], found.Select(x => x.Id));
    }

    [Fact]
    public async Task TerminateSubscription_Existing_RemovesIt()
    {
        var id = await Subject.CreateEventSubscription(NewSubscription("a", "k", Now.AddMinutes(-1)));

        await Subject.TerminateSubscription(id);

        Assert.Null(await Subject.GetSubscription(id));
        Assert.Empty(await Subject.GetSubscriptions("a", "k", Now));
    }

    [Fact]
    public async Task PersistWorkflow_WithNewSubscriptions_AssignsTheirIdsAndStoresThem()
    {
        var workflow = SampleWorkflows.Rich(Now);
        await Subject.CreateNewWorkflow(workflow);
        var subscription = NewSubscription("chunk-done", "c7", Now.AddMinutes(-1));
        subscription.WorkflowId = workflow.Id;

        await Subject.PersistWorkflow(workflow, [subscription]);

        Assert.False(string.IsNullOrEmpty(subscription.Id));
        StateAssert.Same(subscription, await Subject.GetSubscription(subscription.Id), "subscription");
    }

    [Fact]
    public async Task SetSubscriptionToken_OpenSubscription_ClaimsItAndFirstOpenMovesOn()
    {
        var first = await Subject.CreateEventSubscription(NewSubscription("a", "k", Now.AddMinutes(-2)));
        var second = await Subject.CreateEventSubscription(NewSubscription("a", "k", Now.AddMinutes(-1)));
        Assert.Equal(first, (await Subject.GetFirstOpenSubscription("a", "k", Now)).Id);

        var claimed = await Subject.SetSubscriptionToken(first, "token-1", "worker-1", Now.AddMinutes(5));

        Assert.True(claimed);
        var held = await Subject.GetSubscription(first);
        Assert.Equal(("token-1", "worker-1", Now.AddMinutes(5)), (held.ExternalToken, held.ExternalWorkerId, held.ExternalTokenExpiry));
        Assert.Equal(second, (await Subject.GetFirstOpenSubscription("a", "k", Now)).Id);
    }

    [Fact]
    public async Task ClearSubscriptionToken_HoldingToken_ReopensTheSubscription()
    {
        var id = await Subject.CreateEventSubscription(NewSubscription("a", "k", Now.AddMinutes(-1)));
        await Subject.SetSubscriptionToken(id, "token-1", "worker-1", Now.AddMinutes(5));

        await Subject.ClearSubscriptionToken(id, "token-1");

        var reopened = await Subject.GetSubscription(id);
        Assert.Null(reopened.ExternalToken);
        Assert.Null(reopened.ExternalWorkerId);
        Assert.Null(reopened.ExternalTokenExpiry);
        Assert.Equal(id, (await Subject.GetFirstOpenSubscription("a", "k", Now)).Id);
    }

    [Fact]
    public async Task ClearSubscriptionToken_WrongToken_ThrowsAndKeepsTheClaim()
    {
        var id = await Subject.CreateEventSubscription(NewSubscription("a", "k", Now.AddMinutes(-1)));
        await Subject.SetSubscriptionToken(id, "token-1", "worker-1", Now.AddMinutes(5));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Subject.ClearSubscriptionToken(id, "token-2"));

        Assert.Equal("token-1", (await Subject.GetSubscription(id)).ExternalToken);
    }

    private static EventSubscription NewSubscription(string name, string key, DateTime asOf) => new()
    {
        WorkflowId = Guid.NewGuid().ToString(),
        StepId = 1,
        ExecutionPointerId = "p1",
        EventName = name,
        EventKey = key,
        SubscribeAsOf = asOf,
        SubscriptionData = new PollState(3, "batch_3"),
    };
}
