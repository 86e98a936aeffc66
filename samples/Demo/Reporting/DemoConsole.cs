using System;
using Spectre.Console;

namespace Demo.Reporting;

/// <summary>
/// The console the demo writes to. When the output goes to a file or a pipe (a CI log), it gets no colours, no
/// cursor movement and 120 columns, so the log holds plain, unwrapped text; a terminal keeps its own capabilities
/// (and NO_COLOR is honoured).
/// </summary>
public static class DemoConsole
{
    public static IAnsiConsole Create()
    {
        if (!Console.IsOutputRedirected)
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 120;
        return console;
    }
}
