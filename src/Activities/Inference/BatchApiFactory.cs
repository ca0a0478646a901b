using Microsoft.Extensions.Options;

namespace BatchInfer.Activities.Inference;

/// <summary>Hands out a client per endpoint; the HttpClients come from IHttpClientFactory, so handlers are pooled and rotated.</summary>
internal sealed class BatchApiFactory(IHttpClientFactory httpClientFactory, IOptions<BatchApiOptions> options, TimeProvider timeProvider) : IBatchApiFactory
{
    public IBatchApi Create(BatchEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!Uri.TryCreate(endpoint.BaseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new BatchApiException(
                $"model.base_url '{endpoint.BaseUrl}' is not an http(s) URL like {Configuration.ModelConfig.DefaultBaseUrl}",
                statusCode: null,
                isPermanent: true);
        }
        return new BatchApiClient(
            httpClientFactory.CreateClient(BatchApiServiceCollectionExtensions.HttpClientName),
            httpClientFactory.CreateClient(BatchApiServiceCollectionExtensions.CreateBatchHttpClientName),
            endpoint,
            options.Value,
            timeProvider);
    }
}
