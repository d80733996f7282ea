//! Callgrind's profile format (`valgrind --tool=callgrind`, also written
//! by kcachegrind's converters): each function's own cost per event and
//! the inclusive cost of each call it makes.
//!
//! Callgrind keeps a call graph, not stacks. Stacks are rebuilt from the
//! roots down, each function's costs shared among its callers in
//! proportion to what each call cost (as speedscope and kcachegrind's
//! call trees do): a function's own cost (flat) is exact, and its
//! inclusive cost (cum) is too wherever it is called from one place. A
//! call back into a function already on the stack is not followed again;
//! its cost stays with the outer call.

use rustc_hash::FxHashMap;

use crate::error::LoadError;
use crate::profile::{Profile, ProfileBuilder};

/// The most stacks the call graph may unfold into.
const MAX_STACKS: usize = 2_000_000;
/// The deepest stack followed.
const MAX_DEPTH: usize = 512;

/// Whether a file's head is callgrind's format: its first line says so,
/// or it has an `events:` header and functions.
pub fn looks_like(head: &str) -> bool {
    let mut lines = head.lines().take(200);
    if head.starts_with("# callgrind format") {
        return true;
    }
    let (mut events, mut function) = (false, false);
    for l in lines.by_ref() {
        events |= l.starts_with("events: ");
        function |= l.starts_with("fn=");
    }
    events && function
}

#[derive(Default)]
struct Function {
    name: String,
    file: String,
    own: Vec<i64>,
    /// Callee → inclusive cost of the calls to it.
    calls: Vec<(usize, Vec<i64>)>,
    /// What the calls into it cost, summed over callers.
    called: Vec<i64>,
}

/// The graph as read.
struct Graph {
    events: Vec<String>,
    functions: Vec<Function>,
    totals: Option<Vec<i64>>,
}

fn text_err(line: usize, msg: impl Into<String>) -> LoadError {
    LoadError::Text {
        line,
        msg: msg.into(),
    }
}

/// Name compression: `(12) name` defines id 12, `(12)` refers to it.
fn name(
    table: &mut FxHashMap<String, String>,
    spec: &str,
    line: usize,
) -> Result<String, LoadError> {
    let spec = spec.trim();
    if let Some(rest) = spec.strip_prefix('(') {
        let (id, after) = rest
            .split_once(')')
            .ok_or_else(|| text_err(line, format!("unclosed name id in {spec:?}")))?;
        let after = after.trim();
        if after.is_empty() {
            return table.get(id).cloned().ok_or_else(|| {
                text_err(line, format!("name ({id}) is used before it is defined"))
            });
        }
        table.insert(id.to_string(), after.to_string());
        return Ok(after.to_string());
    }
    Ok(spec.to_string())
}

fn parse_graph(text: &str) -> Result<Graph, LoadError> {
    let mut events: Vec<String> = Vec::new();
    let mut positions = 1usize;
    let mut totals = None;
    let mut files = FxHashMap::default();
    let mut fns = FxHashMap::default();
    let mut objects = FxHashMap::default();
    let mut index: FxHashMap<(String, String), usize> = FxHashMap::default();
    let mut functions: Vec<Function> = Vec::new();
    let (mut ob, mut fl) = (String::new(), String::new());
    let (mut cob, mut cfl, mut cfn): (Option<String>, Option<String>, Option<String>) =
        (None, None, None);
    let mut current: Option<usize> = None;
    // After `calls=`, the next cost line is the call's inclusive cost.
    let mut call_to: Option<usize> = None;
    let mut function =
        |functions: &mut Vec<Function>, ob: &str, name: &str, file: &str, n: usize| {
            *index
                .entry((ob.to_string(), name.to_string()))
                .or_insert_with(|| {
                    functions.push(Function {
                        name: name.to_string(),
                        file: file.to_string(),
                        own: vec![0; n],
                        called: vec![0; n],
                        calls: Vec::new(),
                    });
                    functions.len() - 1
                })
        };
    for (no, raw) in text.lines().enumerate() {
        let no = no + 1;
        let line = raw.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let first = line.as_bytes()[0];
        if first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'*') {
            let Some(f) = current else {
                return Err(text_err(no, "a cost line before any fn="));
            };
            let words: Vec<&str> = line.split_whitespace().collect();
            let mut cost = vec![0i64; events.len()];
            for (i, w) in words.iter().skip(positions).enumerate() {
                if i >= cost.len() {
                    return Err(text_err(
                        no,
                        format!("more costs than the {} events", events.len()),
                    ));
                }
                cost[i] = w
                    .parse()
                    .map_err(|_| text_err(no, format!("bad cost {w:?}")))?;
            }
            match call_to.take() {
                Some(callee) => {
                    let calls = &mut functions[f].calls;
                    match calls.iter_mut().find(|(c, _)| *c == callee) {
                        Some((_, c)) => add(c, &cost, no)?,
                        None => calls.push((callee, cost.clone())),
                    }
                    if callee != f {
                        add(&mut functions[callee].called, &cost, no)?;
                    }
                }
                None => add(&mut functions[f].own, &cost, no)?,
            }
            continue;
        }
        let Some((key, value)) = line.split_once([':', '=']) else {
            return Err(text_err(
                no,
                format!("unexpected line {:?}", truncate(line)),
            ));
        };
        match key {
            "events" => {
                if !functions.is_empty() {
                    return Err(text_err(no, "events: after the first function"));
                }
                events = value.split_whitespace().map(str::to_string).collect();
            }
            "positions" => positions = value.split_whitespace().count().max(1),
            "summary" | "totals" => {
                totals = Some(
                    value
                        .split_whitespace()
                        .map(|w| w.parse::<i64>().unwrap_or(0))
                        .collect(),
                )
            }
            "ob" => ob = name(&mut objects, value, no)?,
            "fl" => fl = name(&mut files, value, no)?,
            // Inlined code's file changes; the function does not.
            "fi" | "fe" => {
                name(&mut files, value, no)?;
            }
            "fn" => {
                if events.is_empty() {
                    events.push("events".to_string());
                }
                let n = name(&mut fns, value, no)?;
                current = Some(function(&mut functions, &ob, &n, &fl, events.len()));
            }
            "cob" => cob = Some(name(&mut objects, value, no)?),
            "cfl" | "cfi" => cfl = Some(name(&mut files, value, no)?),
            "cfn" => cfn = Some(name(&mut fns, value, no)?),
            "calls" => {
                let Some(callee) = cfn.take() else {
                    return Err(text_err(no, "calls= without cfn="));
                };
                let o = cob.take().unwrap_or_else(|| ob.clone());
                let file = cfl.take().unwrap_or_else(|| fl.clone());
                call_to = Some(function(&mut functions, &o, &callee, &file, events.len()));
            }
            _ => {}
        }
    }
    if functions.is_empty() {
        return Err(LoadError::Profile(
            "callgrind file with no functions".into(),
        ));
    }
    Ok(Graph {
        events,
        functions,
        totals,
    })
}

fn add(into: &mut [i64], cost: &[i64], line: usize) -> Result<(), LoadError> {
    for (a, b) in into.iter_mut().zip(cost) {
        *a = a
            .checked_add(*b)
            .ok_or_else(|| text_err(line, "costs add up to more than an i64 holds"))?;
    }
    Ok(())
}

fn truncate(s: &str) -> String {
    s.chars().take(60).collect()
}

/// One rebuilt stack: root-first function indices and exact shares of the
/// leaf's own cost.
struct Unfolded {
    stacks: Vec<(Vec<usize>, Vec<f64>)>,
}

fn unfold(g: &Graph) -> Result<Unfolded, LoadError> {
    let n = g.events.len();
    let roots: Vec<usize> = (0..g.functions.len())
        .filter(|&f| g.functions[f].called.iter().all(|&c| c == 0))
        .collect();
    let mut out = Unfolded { stacks: Vec::new() };
    // (function, path, share per event of the function's costs)
    let mut work: Vec<(usize, Vec<usize>, Vec<f64>)> = roots
        .iter()
        .rev()
        .map(|&r| (r, vec![r], vec![1.0; n]))
        .collect();
    while let Some((f, path, share)) = work.pop() {
        let func = &g.functions[f];
        let own: Vec<f64> = func
            .own
            .iter()
            .zip(&share)
            .map(|(&c, s)| c as f64 * s)
            .collect();
        if own.iter().any(|&v| v != 0.0) {
            out.stacks.push((path.clone(), own));
            if out.stacks.len() > MAX_STACKS {
                return Err(LoadError::Profile(format!(
                    "the call graph unfolds into more than {MAX_STACKS} stacks"
                )));
            }
        }
        if path.len() >= MAX_DEPTH {
            continue;
        }
        for (callee, cost) in func.calls.iter().rev() {
            if path.contains(callee) {
                continue;
            }
            let called = &g.functions[*callee].called;
            let child: Vec<f64> = (0..n)
                .map(|e| {
                    if called[e] == 0 {
                        0.0
                    } else {
                        cost[e] as f64 * share[e] / called[e] as f64
                    }
                })
                .collect();
            if child.iter().all(|&s| s == 0.0) {
                continue;
            }
            let mut p = path.clone();
            p.push(*callee);
            work.push((*callee, p, child));
        }
    }
    Ok(out)
}

/// Reads a callgrind file: one sample type per event.
pub fn parse(data: &[u8]) -> Result<Profile, LoadError> {
    let text = String::from_utf8_lossy(data);
    let g = parse_graph(&text)?;
    let unfolded = unfold(&g)?;
    let n = g.events.len();
    // Round each function's shares so that they add up to its own cost
    // exactly (largest remainder first).
    let mut values: Vec<Vec<i64>> = unfolded
        .stacks
        .iter()
        .map(|(_, v)| v.iter().map(|x| x.floor() as i64).collect())
        .collect();
    let mut by_leaf: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (i, (path, _)) in unfolded.stacks.iter().enumerate() {
        by_leaf
            .entry(*path.last().unwrap_or(&0))
            .or_default()
            .push(i);
    }
    for (leaf, rows) in &by_leaf {
        for (e, &want) in g.functions[*leaf].own.iter().enumerate() {
            let have: i64 = rows.iter().map(|&r| values[r][e]).sum();
            let mut order: Vec<usize> = rows.clone();
            order.sort_by(|&a, &b| {
                let fa = unfolded.stacks[a].1[e].fract();
                let fb = unfolded.stacks[b].1[e].fract();
                fb.total_cmp(&fa)
            });
            for &r in order.iter().take((want - have).max(0) as usize) {
                values[r][e] += 1;
            }
        }
    }
    let types: Vec<(&str, &str)> = g.events.iter().map(|e| (e.as_str(), "count")).collect();
    let mut b = ProfileBuilder::new(&types);
    let locations: Vec<u32> = g
        .functions
        .iter()
        .map(|f| {
            let id = b.function(&f.name, &f.file);
            b.frame(id, 0)
        })
        .collect();
    let mut stack = Vec::new();
    for ((path, _), v) in unfolded.stacks.iter().zip(&values) {
        if v.iter().all(|&x| x == 0) {
            continue;
        }
        stack.clear();
        stack.extend(path.iter().rev().map(|&f| locations[f]));
        b.sample(&stack, v, &[]);
    }
    let mut profile = b.finish();
    // callgrind_annotate sorts by the first event; pprof would pick the last.
    profile.default_sample_type = profile.sample_types.first().map(|t| t.ty);
    if let Some(totals) = g.totals {
        let have: Vec<i64> = (0..n).map(|e| profile.total(e)).collect();
        if totals.iter().zip(&have).any(|(t, h)| t != h) {
            profile.warnings.push(format!(
                "the costs add up to {have:?}, the file's totals say {totals:?} (calls into functions on the stack are not followed)"
            ));
        }
    }
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Profile, String> {
        parse(text.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn a_shared_callee_is_split_by_what_each_call_cost() {
        let p = read(
            "events: Ir\nfn=(1) main\n1 10\ncfn=(2) a\ncalls=1 5\n1 30\ncfn=(3) b\ncalls=1 5\n1 70\n\
             fn=(2)\n1 10\ncfn=(4) shared\ncalls=1 1\n1 20\n\
             fn=(3)\n1 10\ncfn=(4)\ncalls=3 1\n1 60\n\
             fn=(4)\n1 80\n",
        )
        .unwrap();
        assert_eq!(p.total(0), 110);
        let folded =
            crate::report::fold::folded(&p, 0, crate::profile::frames::Granularity::Functions);
        assert_eq!(
            folded,
            "main 10\nmain;a 10\nmain;a;shared 20\nmain;b 10\nmain;b;shared 60\n"
        );
    }

    #[test]
    fn recursion_is_not_followed_again_and_broken_files_are_errors() {
        let p = read("events: Ir\nfn=(1) f\n1 5\ncfn=(1)\ncalls=2 1\n1 9\n").unwrap();
        assert_eq!(p.total(0), 5);
        assert_eq!(
            read("events: Ir\n1 5\n").unwrap_err(),
            "line 2: a cost line before any fn="
        );
        assert_eq!(
            read("events: Ir\nfn=(7)\n1 5\n").unwrap_err(),
            "line 2: name (7) is used before it is defined"
        );
        assert_eq!(
            read("events: Ir\nfn=(1) f\n1 5 6\n").unwrap_err(),
            "line 3: more costs than the 1 events"
        );
        assert_eq!(
            read("events: Ir\nfn=(1) f\n1 x\n").unwrap_err(),
            "line 3: bad cost \"x\""
        );
    }
}
