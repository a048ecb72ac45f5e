using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DataLocal.Common.Security;

/// <summary>A role's own TLS certificate and private key, from PEM files; the key file must be owner-only, as any secret.</summary>
public static class ServerCertificate
{
    public static X509Certificate2 Load(string certificateFile, string keyFile)
    {
        if (!File.Exists(certificateFile))
        {
            throw new FileNotFoundException($"certificate file {certificateFile} does not exist");
        }
        // SecretFile refuses a key others may read, as ssh refuses such a key.
        var key = SecretFile.Read(keyFile);
        try
        {
            using var fromPem = X509Certificate2.CreateFromPem(File.ReadAllText(certificateFile), key);
            // Through PKCS#12 so the key is a persisted one, which every platform's TLS stack accepts.
            return X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"{certificateFile} and {keyFile} are not a PEM certificate and its private key: {ex.Message.Trim()}", ex);
        }
    }
}
