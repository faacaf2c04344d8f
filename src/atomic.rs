//! Writing a file whole or not at all. Every file greatgame writes (`export
//! -o`, `fmt`, saves) goes through `write`.
//!
//! The bytes go to a temporary file with a unique name in the target's
//! directory (so the rename below stays on one file system), which is
//! flushed to disk, then renamed over the target; the directory is flushed
//! too, so the rename itself survives a crash. A failure at any step leaves
//! the previous file as it was and removes the temporary file. An existing
//! target keeps its permissions; a new one gets the usual ones (0666 less
//! the umask). A symbolic link is followed on purpose: the file it points to
//! is replaced and the link stays a link.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically (see the module's documentation).
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, |file| file.write_all(bytes))
}

/// `write` to a file that must not exist: if one appears at `path` before
/// the rename (another program's), it is kept and the write fails with
/// `AlreadyExists`. There is no moment when one could be written over.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_checked(path, false, |file| file.write_all(bytes))
}

/// `write`, with the content written by `fill` into the temporary file (for
/// output too big to hold in memory first). If `fill` fails, nothing changes.
pub fn write_with(path: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    write_checked(path, true, fill)
}

/// `write_with`, over an existing file only when `replace`.
fn write_checked(path: &Path, replace: bool, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let target = follow_links(path)?;
    let name = target.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let keep = match fs::metadata(&target) {
        Ok(meta) if meta.is_dir() => {
            return Err(io::Error::new(io::ErrorKind::IsADirectory, "it is a directory"));
        }
        Ok(meta) => Some(meta.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };

    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    if keep.is_none() {
        // tempfile creates files only the owner can read; a new file should
        // get what any program would give it.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    // Removed when dropped, so on every early return below.
    let mut tmp = builder.tempfile_in(dir)?;
    fill(tmp.as_file_mut())?;
    if let Some(permissions) = keep {
        tmp.as_file().set_permissions(permissions)?;
    }
    tmp.as_file().sync_all()?;
    if replace {
        tmp.persist(&target).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(&target).map_err(|e| e.error)?;
    }
    sync_dir(dir)
}

/// Where the bytes for `path` go: `path` itself, or, through any number of
/// symbolic links, the file they end at (which need not exist yet).
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    // As the system does: give up on a loop.
    for _ in 0..40 {
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Flushes a directory's entries (the rename) to disk.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write(&path, b"new file").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new file");
        fs::write(&path, "old").unwrap();
        write(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[test]
    fn a_new_file_is_never_written_over_an_existing_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.json");
        write_new(&path, b"first").unwrap();
        let e = write_new(&path, b"second").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(names(dir.path()), ["new.json"], "no temporary file left");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_untouched_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.json");
        fs::write(&path, "old content").unwrap();
        // The content fails half way through.
        let err = write_with(&path, |file| {
            file.write_all(b"half of the n")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old content");
        assert_eq!(names(dir.path()), ["data.json"]);
        // A directory where the file should be: refused, nothing left behind.
        fs::create_dir(dir.path().join("sub")).unwrap();
        let err = write(&dir.path().join("sub"), b"data").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::IsADirectory);
        assert_eq!(names(dir.path()), ["data.json", "sub"]);
        // A directory that does not exist.
        assert!(write(&dir.path().join("no/such/file"), b"x").is_err());
        assert_eq!(names(dir.path()), ["data.json", "sub"]);
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_file_keeps_its_permissions_and_a_new_one_gets_the_usual_ones() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.json");
        fs::write(&path, "old").unwrap();
        for mode in [0o640, 0o604, 0o400] {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            write(&path, b"new").unwrap();
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, mode);
        }
        // A new file: as `fs::write` would make it (0666 less the umask), not
        // tempfile's owner-only 0600.
        let plain = dir.path().join("plain");
        fs::write(&plain, "x").unwrap();
        let new = dir.path().join("new");
        write(&new, b"x").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&new), mode(&plain));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_link_and_the_file_it_points_to_is_rewritten() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        let real_dir = dir.path().join("real");
        fs::create_dir(&real_dir).unwrap();
        let real = real_dir.join("data.json");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        // A relative link to a relative link.
        symlink("real/data.json", dir.path().join("link1")).unwrap();
        symlink("link1", dir.path().join("link2")).unwrap();
        write(&dir.path().join("link2"), b"new").unwrap();
        for link in ["link1", "link2"] {
            assert!(fs::symlink_metadata(dir.path().join(link)).unwrap().file_type().is_symlink());
        }
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(names(dir.path()), ["link1", "link2", "real"]);
        assert_eq!(names(&real_dir), ["data.json"], "the temporary file was beside the real file");
        // A link to a file that does not exist yet creates it.
        symlink("real/later.json", dir.path().join("dangling")).unwrap();
        write(&dir.path().join("dangling"), b"created").unwrap();
        assert_eq!(fs::read_to_string(real_dir.join("later.json")).unwrap(), "created");
        // A loop is an error, not a hang.
        symlink("loop-b", dir.path().join("loop-a")).unwrap();
        symlink("loop-a", dir.path().join("loop-b")).unwrap();
        assert!(write(&dir.path().join("loop-a"), b"x").is_err());
    }
}
