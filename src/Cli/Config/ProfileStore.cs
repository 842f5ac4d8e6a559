using System.Text.Json;

namespace GatoLink.Cli.Config;

/// <summary>
/// The profiles file: <c>$GATOLINK_CONFIG</c>, else <c>$XDG_CONFIG_HOME/gatolink/config.json</c>, else
/// <c>~/.config/gatolink/config.json</c>. It holds admin keys, so it is written owner-only (600, directory 700) and
/// replaced atomically.
/// </summary>
public sealed class ProfileStore
{
    /// <summary>The variable that names the file outright.</summary>
    public const string ConfigVariable = "GATOLINK_CONFIG";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>A store at <paramref name="path"/>.</summary>
    public ProfileStore(string path) => Path = path;

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The store the environment points at.</summary>
    public static ProfileStore FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(ConfigVariable) is { Length: > 0 } explicitPath)
        {
            return new ProfileStore(System.IO.Path.GetFullPath(explicitPath));
        }

        var configHome = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return new ProfileStore(System.IO.Path.Combine(configHome, "gatolink", "config.json"));
    }

    /// <summary>Whether the file exists and others than its owner may read or change it.</summary>
    public bool IsOpenToOthers =>
        !OperatingSystem.IsWindows() && File.Exists(Path) && (File.GetUnixFileMode(Path) & ~(OwnerOnlyFile | UnixFileMode.UserExecute)) != 0;

    /// <summary>The profile called <paramref name="name"/>, or null.</summary>
    public SavedProfile? Find(string name) => Read().Profiles.GetValueOrDefault(name);

    /// <summary>Adds or replaces a profile.</summary>
    public void Save(string name, SavedProfile profile)
    {
        var file = Read();
        file.Profiles[name] = profile;
        Write(file);
    }

    /// <summary>Removes a profile; false when there was none.</summary>
    public bool Remove(string name)
    {
        var file = Read();
        if (!file.Profiles.Remove(name))
        {
            return false;
        }

        Write(file);
        return true;
    }

    private ProfileFile Read()
    {
        try
        {
            if (!File.Exists(Path))
            {
                return new ProfileFile([]);
            }

            var file = JsonSerializer.Deserialize(File.ReadAllText(Path), ConfigJsonContext.Default.ProfileFile);
            return new ProfileFile(new Dictionary<string, SavedProfile>(file?.Profiles ?? [], StringComparer.Ordinal));
        }
        catch (JsonException ex)
        {
            throw new ConfigFileException(Path, "not valid JSON: " + ex.Message, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigFileException(Path, ex.Message, ex);
        }
    }

    private void Write(ProfileFile file)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        var temp = Path + "." + Environment.ProcessId + ".tmp";
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            }

            // Created owner-only before a byte of the key is written; the rename then replaces the old file whole.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnlyFile;
            }

            using (var stream = new FileStream(temp, options))
            {
                JsonSerializer.Serialize(stream, file, ConfigJsonContext.Default.ProfileFile);
            }

            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new ConfigFileException(Path, ex.Message, ex);
        }
    }
}
