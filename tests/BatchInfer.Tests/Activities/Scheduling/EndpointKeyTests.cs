using BatchInfer.Activities.Inference;
using BatchInfer.Activities.Scheduling;

namespace BatchInfer.Tests.Activities.Scheduling;

public sealed class EndpointKeyTests
{
    [Fact]
    public void For_SameUrlAndCredential_SameKey() =>
        Assert.Equal(EndpointKey.For("https://x.test/v1/", "pw"), EndpointKey.For(new BatchEndpoint("https://x.test/v1", "pw", "spark")));

    [Fact]
    public void For_OtherCredentialOrUrl_OtherKey()
    {
        var key = EndpointKey.For("https://x.test/v1", "pw");
        Assert.NotEqual(key, EndpointKey.For("https://x.test/v1", "pw2"));
        Assert.NotEqual(key, EndpointKey.For("https://y.test/v1", "pw"));
    }

    [Fact]
    public void ToString_NeverContainsTheCredential()
    {
        const string Credential = "s3cr3t-credential-value";
        var key = EndpointKey.For("https://x.test/v1", Credential);
        Assert.DoesNotContain(Credential, key.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Credential, key.CredentialHash, StringComparison.Ordinal);
    }
}
