//! [`Error`]: what stops a batch run or an evaluation before it finishes.
//!
//! Cleaning itself never fails, and a document that cannot be read is not an `Error`
//! either: the batch driver reports it as a [`crate::batch::Failure`] and goes on. An
//! `Error` is for the things that make the whole run pointless: bad flags or inputs
//! found before any document is read, a gold directory that holds no cases, an output
//! that cannot be written, or a reader that went away (a closed pipe).
//!
//! Messages are lowercase, name the input, and say what to do.

use std::fmt;
use std::io;
use std::path::Path;

/// Why a run stopped.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The flags, the inputs or the gold data do not make sense; found before any output
    /// was written. The message names the input and says what to do.
    Config(String),
    /// An output (standard output, an output file, the report) could not be written, or
    /// a file needed for the whole run could not be read.
    Io {
        /// What was being done, naming the path: `cannot write report file out.jsonl`.
        action: String,
        /// The underlying error.
        source: io::Error,
        /// What to do about it: `check that the directory exists`.
        hint: &'static str,
    },
    /// The reader of standard output went away (`deboiler clean x | head`). Not a
    /// failure: the command-line tool exits quietly.
    BrokenPipe,
}

impl Error {
    /// An [`Error::Io`] about `path`, or [`Error::BrokenPipe`] if that is what `source` is.
    pub fn io(action: &str, path: &Path, source: io::Error, hint: &'static str) -> Error {
        if source.kind() == io::ErrorKind::BrokenPipe {
            return Error::BrokenPipe;
        }
        Error::Io {
            action: format!("{action} {}", path.display()),
            source,
            hint,
        }
    }

    /// Whether this is a closed standard output, which callers usually ignore.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::BrokenPipe)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(msg) => f.write_str(msg),
            Error::Io {
                action,
                source,
                hint,
            } => write!(f, "{action}: {}; {hint}", io_message(source)),
            Error::BrokenPipe => f.write_str("standard output was closed"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// An I/O error as a short lowercase phrase (`no such file or directory`), without the
/// `(os error 2)` suffix the standard library adds.
pub fn io_message(e: &io::Error) -> String {
    let fixed = match e.kind() {
        io::ErrorKind::NotFound => Some("no such file or directory"),
        io::ErrorKind::PermissionDenied => Some("permission denied"),
        io::ErrorKind::AlreadyExists => Some("already exists"),
        io::ErrorKind::BrokenPipe => Some("broken pipe"),
        io::ErrorKind::InvalidData => Some("invalid data"),
        io::ErrorKind::UnexpectedEof => Some("unexpected end of file"),
        _ => None,
    };
    if let Some(s) = fixed {
        return s.to_string();
    }
    let text = e.to_string();
    let text = match text.find(" (os error") {
        Some(i) => &text[..i],
        None => &text,
    };
    lowercase_first(text)
}

/// The string with its first character lowercased (`Is a directory` -> `is a directory`).
pub(crate) fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        // An acronym ("EOF while parsing") keeps its capitals.
        Some(c) if s.chars().nth(1).is_some_and(char::is_uppercase) => {
            std::iter::once(c).chain(chars).collect()
        }
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_first_keeps_acronyms() {
        assert_eq!(lowercase_first("No such file"), "no such file");
        assert_eq!(lowercase_first("EOF while parsing"), "EOF while parsing");
        assert_eq!(lowercase_first(""), "");
    }

    #[test]
    fn io_messages_are_lowercase_and_short() {
        let e = io::Error::from(io::ErrorKind::NotFound);
        assert_eq!(io_message(&e), "no such file or directory");
        let e = io::Error::other("Something Odd");
        assert_eq!(io_message(&e), "something Odd");
        let e = Error::io(
            "cannot read",
            Path::new("a.txt"),
            io::Error::from(io::ErrorKind::PermissionDenied),
            "check the file's permissions",
        );
        assert_eq!(
            e.to_string(),
            "cannot read a.txt: permission denied; check the file's permissions"
        );
        assert!(Error::io(
            "cannot write",
            Path::new("-"),
            io::Error::from(io::ErrorKind::BrokenPipe),
            ""
        )
        .is_broken_pipe());
    }
}
