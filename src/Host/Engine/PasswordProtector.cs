using Microsoft.AspNetCore.DataProtection;

namespace BatchInfer.Host.Engine;

/// <summary>The task password at rest: encrypted with the daemon's Data Protection keys (.batch_infer/keys), never in clear.</summary>
internal sealed class PasswordProtector(IDataProtectionProvider provider)
{
    public const string KeysDirectory = ".batch_infer/keys";

    private readonly IDataProtector _protector = provider.CreateProtector("BatchInfer.TaskPassword.v1");

    public string Protect(string password) => _protector.Protect(password);

    /// <summary>Null when the keys that encrypted it are gone: the task then waits for the same command again.</summary>
    public string? TryUnprotect(string protectedPassword)
    {
        try
        {
            return _protector.Unprotect(protectedPassword);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
