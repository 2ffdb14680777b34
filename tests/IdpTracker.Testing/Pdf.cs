using System.Diagnostics;

namespace IdpTracker.Testing;

/// <summary>Reads a PDF's text as a person would read it, with poppler's pdftotext (installed with the local servers).</summary>
public static class Pdf
{
    public static string Text(byte[] pdf)
    {
        var path = Path.GetTempFileName();
        File.WriteAllBytes(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"]) { RedirectStandardOutput = true })!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"pdftotext failed with exit code {process.ExitCode}: not a readable PDF");
            return text;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
