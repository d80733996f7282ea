//! Goroutine groups: goroutines with identical stacks and pprof labels,
//! largest group first, as the `debug=1` dump prints them, with the states
//! and wait times that a `debug=2` dump records per goroutine. A protobuf
//! goroutine profile (`debug=0`) records no states: they are read off the
//! runtime function each goroutine is parked in, as the runtime names its
//! wait reasons.

use rustc_hash::FxHashMap;

use super::model::{LabelValue, Profile};

/// Goroutines that share one stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoroutineGroup {
    /// The stack, leaf first, as location indices.
    pub stack: Vec<u32>,
    /// Number of goroutines (the sum of the sample values).
    pub count: i64,
    /// Goroutines per state (`chan receive`, `running`, ...), most common
    /// first; empty when the profile does not record states.
    pub states: Vec<(String, i64)>,
    /// Shortest and longest wait in minutes, when the dump gives waits.
    pub wait_minutes: Option<(i64, i64)>,
    /// The function that created these goroutines, when recorded.
    pub created_by: Option<String>,
    /// The group's name: the first function from the leaf that is not the
    /// runtime's (`main.worker`, not `runtime.gopark`).
    pub name: String,
    /// The pprof labels the goroutines carry (`pprof.Do`), by key.
    pub labels: Labels,
    /// The states were read off the stack, not recorded by the dump.
    pub states_inferred: bool,
}

/// A group's pprof labels, by key.
type Labels = Vec<(String, String)>;

/// Whether the profile counts goroutines (a goroutine profile or dump).
pub fn is_goroutine_profile(profile: &Profile) -> bool {
    profile
        .sample_types
        .iter()
        .any(|t| profile.str(t.ty) == "goroutine")
}

/// Groups the samples of `profile` by stack and labels, counting value
/// `index`.
pub fn group(profile: &Profile, index: usize) -> Vec<GoroutineGroup> {
    let key_of = |name: &str| profile.strings.find(name);
    let (state_key, wait_key, created_key) =
        (key_of("state"), key_of("wait"), key_of("created by"));
    // A debug=2 dump's own fields, not pprof labels (each goroutine's id
    // would make a group of every goroutine).
    let id_key = state_key.and(key_of("goroutine"));
    let dump_keys = [state_key, wait_key, created_key, id_key];
    let mut by_key: FxHashMap<(&[u32], Labels), usize> = FxHashMap::default();
    let mut groups: Vec<GoroutineGroup> = Vec::new();
    let mut states: Vec<FxHashMap<String, i64>> = Vec::new();
    let samples = &profile.samples;
    for i in 0..samples.len() {
        let w = samples.value(i, index);
        if w == 0 {
            continue;
        }
        let stack = samples.stack(i);
        let mut labels: Labels = samples
            .labels(i)
            .iter()
            .filter(|l| !dump_keys.contains(&Some(l.key)))
            .map(|l| (profile.str(l.key).to_string(), label_text(profile, l.value)))
            .collect();
        labels.sort();
        let g = *by_key.entry((stack, labels.clone())).or_insert_with(|| {
            groups.push(GoroutineGroup {
                stack: stack.to_vec(),
                count: 0,
                states: Vec::new(),
                wait_minutes: None,
                created_by: None,
                name: group_name(profile, stack),
                labels,
                states_inferred: false,
            });
            states.push(FxHashMap::default());
            groups.len() - 1
        });
        let group = &mut groups[g];
        group.count = group.count.wrapping_add(w);
        for l in samples.labels(i) {
            match l.value {
                LabelValue::Str(v) if Some(l.key) == state_key => {
                    *states[g].entry(profile.str(v).to_string()).or_insert(0) += w;
                }
                LabelValue::Str(v) if Some(l.key) == created_key => {
                    group.created_by = Some(profile.str(v).to_string());
                }
                LabelValue::Num { value, .. } if Some(l.key) == wait_key => {
                    group.wait_minutes = Some(match group.wait_minutes {
                        None => (value, value),
                        Some((lo, hi)) => (lo.min(value), hi.max(value)),
                    });
                }
                _ => {}
            }
        }
    }
    if state_key.is_none() {
        for (group, st) in groups.iter_mut().zip(states.iter_mut()) {
            if let Some(state) = inferred_state(profile, &group.stack) {
                st.insert(state.to_string(), group.count);
                group.states_inferred = true;
            }
        }
    }
    for (group, st) in groups.iter_mut().zip(states) {
        let mut st: Vec<(String, i64)> = st.into_iter().collect();
        st.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        group.states = st;
    }
    // Largest first; equal groups in stack order so the list is stable.
    groups.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.stack.cmp(&b.stack)));
    groups
}

fn label_text(profile: &Profile, value: LabelValue) -> String {
    match value {
        LabelValue::Str(v) => profile.str(v).to_string(),
        LabelValue::Num { value, unit } => match unit.map(|u| profile.str(u)) {
            Some(u) if !u.is_empty() => format!("{value}{u}"),
            _ => value.to_string(),
        },
    }
}

/// The function names of a stack, leaf first (inlined frames innermost
/// first, as pprof lists them).
fn function_names<'a>(profile: &'a Profile, stack: &[u32]) -> impl Iterator<Item = &'a str> + 'a {
    let stack = stack.to_vec();
    stack.into_iter().flat_map(move |loc| {
        profile
            .location_lines(loc)
            .iter()
            .map(move |l| profile.str(profile.functions[l.function as usize].name))
    })
}

/// Whether a function is the runtime's own: the `runtime` package and its
/// internal packages, and the runtime's entry points linked into other
/// packages (`sync.runtime_SemacquireMutex`, `internal/poll.runtime_pollWait`).
pub fn is_runtime_function(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    let package_path = &name[..name.len() - base.len()];
    let package = base.split('.').next().unwrap_or(base);
    let function = base.split_once('.').map_or("", |(_, f)| f);
    (package == "runtime" && (package_path.is_empty() || package_path == "internal/"))
        || package_path.starts_with("runtime/internal/")
        || package_path.starts_with("internal/runtime/")
        || function.starts_with("runtime_")
}

/// Whether a function is the standard library's: its import path's first
/// element has no dot (Go's rule for standard packages), and it is not
/// `main`.
pub fn is_standard_library(name: &str) -> bool {
    let first = name.split('/').next().unwrap_or(name);
    let package = first.split('.').next().unwrap_or(first);
    let path_has_dot = if name.contains('/') {
        first.contains('.')
    } else {
        false
    };
    !path_has_dot && package != "main"
}

/// The name of a group: the first function from the leaf in the program's
/// own code (outside the runtime and the standard library: `main.sleeper`,
/// not `time.Sleep`), else the first that is not the runtime's, else the
/// leaf.
fn group_name(profile: &Profile, stack: &[u32]) -> String {
    let names: Vec<&str> = function_names(profile, stack).collect();
    names
        .iter()
        .find(|n| !is_standard_library(n))
        .or_else(|| names.iter().find(|n| !is_runtime_function(n)))
        .or(names.first())
        .copied()
        .unwrap_or("<no stack>")
        .to_string()
}

/// Wait reasons as the runtime names them (`runtime2.go`'s waitReason
/// strings), by the function the goroutine is parked in. Of the frames
/// from the leaf to the first one outside the runtime, the entry listed
/// first here decides (the `sync` entry points say more than the
/// `semacquire1` below them).
const WAITS: &[(&str, &str)] = &[
    ("runtime.chanrecv", "chan receive"),
    ("runtime.chansend", "chan send"),
    ("runtime.selectgo", "select"),
    ("runtime.block", "select (no cases)"),
    ("runtime.timeSleep", "sleep"),
    ("time.Sleep", "sleep"),
    ("runtime.netpollblock", "IO wait"),
    ("sync.runtime_notifyListWait", "sync.Cond.Wait"),
    ("sync.runtime_SemacquireMutex", "sync.Mutex.Lock"),
    ("sync.runtime_SemacquireRWMutexR", "sync.RWMutex.RLock"),
    ("sync.runtime_SemacquireRWMutex", "sync.RWMutex.Lock"),
    ("sync.runtime_SemacquireWaitGroup", "sync.WaitGroup.Wait"),
    ("sync.runtime_Semacquire", "semacquire"),
    ("runtime.semacquire1", "semacquire"),
    ("runtime.gcBgMarkWorker", "GC worker (idle)"),
    ("runtime.forcegchelper", "force gc (idle)"),
    ("runtime.bgsweep", "GC sweep wait"),
    ("runtime.bgscavenge", "GC scavenge wait"),
    ("runtime.runfinq", "finalizer wait"),
];

/// The state of goroutines parked with this stack, read off the runtime
/// function they wait in; `running` for one that is not parked (the
/// goroutine writing the profile), `runnable` for one preempted.
fn inferred_state(profile: &Profile, stack: &[u32]) -> Option<&'static str> {
    let names: Vec<&str> = function_names(profile, stack).collect();
    let leaf = *names.first()?;
    let parked = matches!(leaf, "runtime.gopark" | "runtime.goparkunlock");
    if !parked {
        return Some(match leaf {
            "runtime.asyncPreempt2" | "runtime.Gosched" | "runtime.goschedguarded" => "runnable",
            _ => "running",
        });
    }
    let end = names
        .iter()
        .position(|n| !is_runtime_function(n))
        .map_or(names.len(), |i| i + 1);
    let waiting_in = &names[..end];
    let found = WAITS
        .iter()
        .find(|(f, _)| waiting_in.contains(f))
        .map(|&(_, s)| s);
    Some(found.unwrap_or("waiting"))
}

#[cfg(test)]
mod tests {
    use super::{is_runtime_function, is_standard_library};

    #[test]
    fn the_standard_library_is_told_from_programs() {
        for f in [
            "time.Sleep",
            "sync.(*Mutex).Lock",
            "net/http.(*conn).serve",
            "runtime.gopark",
        ] {
            assert!(is_standard_library(f), "{f}");
        }
        for f in [
            "main.sleeper",
            "main.main.func1",
            "perftui.test/corpus/jsonish.Parse",
            "github.com/x/y.(*T).Run",
        ] {
            assert!(!is_standard_library(f), "{f}");
        }
    }

    #[test]
    fn the_runtimes_functions_are_told_from_the_programs() {
        for f in [
            "runtime.gopark",
            "runtime.chanrecv1",
            "sync.runtime_SemacquireMutex",
            "internal/poll.runtime_pollWait",
            "runtime/internal/atomic.Load",
            "internal/runtime/maps.(*Map).getWithKey",
        ] {
            assert!(is_runtime_function(f), "{f}");
        }
        for f in [
            "main.recvWorker",
            "sync.(*Mutex).Lock",
            "runtime/pprof.Do",
            "time.Sleep",
            "example.com/runtime.Foo",
            "net.(*TCPListener).Accept",
        ] {
            assert!(!is_runtime_function(f), "{f}");
        }
    }
}
