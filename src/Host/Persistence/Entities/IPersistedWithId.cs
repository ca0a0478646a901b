namespace BatchInfer.Host.Persistence.Entities;

internal interface IPersistedWithId
{
    string Id { get; set; }
}
