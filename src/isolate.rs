//! Fault isolation: one item's conversion runs so that a bug in it (a panic) fails that item,
//! not the whole run.
//!
//! Readers, rules and writers are written never to panic; this is the net under them. A run
//! over thousands of posts reports the one that hit a bug — with its name, position and the
//! message — converts everything else, and exits 2.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};

thread_local! {
    /// Where the last panic on this thread happened, kept by the hook [`quiet_panics`] installs.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `work`; a panic inside it becomes `Err` with its message, where it happened (when
/// [`quiet_panics`] is installed) and a request to report the bug.
pub fn isolate<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        match LOCATION.with(|l| l.borrow_mut().take()) {
            Some(at) => format!("internal error at {at}: {message} ({PLEASE_REPORT})"),
            None => format!("internal error: {message} ({PLEASE_REPORT})"),
        }
    })
}

/// Replaces the default panic output (a message and a backtrace hint on standard error,
/// meant for developers) with nothing: [`isolate`] reports the panic as the item's failure.
/// With `RUST_BACKTRACE` set, the default output is kept, backtrace included.
pub fn quiet_panics() {
    let developer = std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0");
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if let Some(location) = info.location() {
            let at = format!("{}:{}", location.file(), location.line());
            LOCATION.with(|l| *l.borrow_mut() = Some(at));
        }
        if developer {
            default(info);
        }
    }));
}

/// A way for the test suite to make one named item fail as a bug would: in debug builds
/// only, an item or input whose title is `WPCONVERT_FAIL_ITEM` panics here. Release builds
/// compile it to nothing.
pub fn fail_point(title: &str) {
    #[cfg(debug_assertions)]
    if std::env::var_os("WPCONVERT_FAIL_ITEM").is_some_and(|t| t == title) {
        panic!("failing “{title}” on request (WPCONVERT_FAIL_ITEM)");
    }
    let _ = title;
}

/// What a failed item's report ends with.
const PLEASE_REPORT: &str = "this is a bug in wpconvert: please report it with the item if you can";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        assert_eq!(isolate(|| 2 + 2), Ok(4));
        let text = String::from("日本");
        let error = isolate(|| {
            let at = std::hint::black_box(1);
            text.get(at..).expect("a char boundary").len()
        })
        .unwrap_err();
        assert!(error.contains("a char boundary"), "{error}");
        let error = isolate(|| -> usize { panic!("formatted {}", 7) }).unwrap_err();
        assert!(error.contains("formatted 7"), "{error}");
    }
}
