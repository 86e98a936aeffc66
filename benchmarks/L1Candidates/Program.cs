using System;
using BenchmarkDotNet.Running;

namespace L1Candidates;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "facts")
        {
            Facts.Run();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
