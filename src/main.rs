//! The `wpconvert` command: parses the command line, calls the library, maps the outcome to
//! an exit code (0 ok, 2 usage or input error).

mod cli;

/// The command allocates and frees millions of small strings and nodes from several threads;
/// with jemalloc instead of glibc's allocator a conversion takes an eighth less time (README,
/// Performance). The library leaves the choice to its users.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, read at its start (the crate prefixes jemalloc's names). Two arenas,
/// one per core of the machines it is measured on, rather than four per core; freed pages go
/// back to the system within a second, rather than ten, and at once when only advised away.
/// Peak memory then grows less with the export's size (41 MB at 100 MB, 43 MB at 500 MB,
/// where the defaults gave 41 and 45 MB), for the same speed.
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static ALLOCATOR_SETTINGS: &[u8; 47] = b"narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:0\0";

fn main() -> std::process::ExitCode {
    cli::run()
}
