using System.IO;

namespace Caching.TestSupport;

/// <summary>Fresh working folders for test servers, so no two servers (or runs) share files.</summary>
internal static class TempDirectories
{
    public static string Create(string purpose) => Directory.CreateTempSubdirectory($"caching-{purpose}-").FullName;

    /// <summary>Deletes the folder; a leftover temp folder is not worth failing a test run for.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (System.UnauthorizedAccessException)
        {
        }
    }
}
