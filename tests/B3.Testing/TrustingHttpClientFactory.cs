using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;

namespace B3.Testing;

/// <summary>Lets the AWS SDK talk to a local HTTPS server whose self-signed certificate the test made.</summary>
public sealed class TrustingHttpClientFactory(string certificatePemPath) : HttpClientFactory
{
    private readonly X509Certificate2 _trusted = X509CertificateLoader.LoadCertificate(System.Text.Encoding.ASCII.GetBytes(File.ReadAllText(certificatePemPath)));

    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.Thumbprint == _trusted.Thumbprint,
        };
        return new HttpClient(handler);
    }
}
