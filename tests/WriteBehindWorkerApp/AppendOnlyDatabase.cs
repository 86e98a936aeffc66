using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace WriteBehindWorkerApp;

/// <summary>
/// The "database" the write-behind calls write to: an append-only file, one line per applied call, each line
/// flushed to disk before the call counts as done. What is in the file survives a SIGKILL of this process, so the
/// test can tell exactly which calls reached the database.
/// </summary>
internal sealed class AppendOnlyDatabase : IDisposable
{
    private readonly FileStream _file;
    private readonly object _gate = new();

    public AppendOnlyDatabase(string path)
        // Shared for reading: the test reads the file while this process writes it.
        => _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);

    /// <summary>Appends one line for <paramref name="orderId"/> in a single write, then fsyncs.</summary>
    public void Append(int orderId)
    {
        var line = Encoding.ASCII.GetBytes(orderId.ToString(CultureInfo.InvariantCulture) + "\n");
        lock (_gate)
        {
            _file.Write(line);
            _file.Flush(flushToDisk: true);
        }
    }

    public void Dispose() => _file.Dispose();
}
