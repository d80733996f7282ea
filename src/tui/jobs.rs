//! The one job runner: a worker thread that runs background jobs in order
//! and reports each result on the event channel, tagged with the screen
//! that asked. Of several jobs of one kind waiting for the same screen only
//! the newest runs (a search typed letter by letter runs once, for the last
//! letter, when the worker was busy); a screen also drops results of older
//! generations itself, so a stale result never shows. A job may ask to
//! wait until input settles (a search typed letter by letter runs once,
//! after the last letter).

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;

use super::{Done, Job};

/// A job for the screen with this id.
pub struct Tagged {
    /// The screen's id.
    pub screen: u64,
    /// The work.
    pub job: Job,
}

/// Hands jobs to the worker.
pub struct Runner {
    tx: Sender<Tagged>,
}

impl Runner {
    /// Starts the worker; `report` delivers each result.
    pub fn start(report: impl Fn(u64, Done) -> bool + Send + 'static) -> Self {
        let (tx, rx) = mpsc::channel::<Tagged>();
        thread::spawn(move || work(&rx, &report));
        Runner { tx }
    }

    /// Queues a job for screen `screen`.
    pub fn spawn(&self, screen: u64, job: Job) {
        let _ = self.tx.send(Tagged { screen, job });
    }
}

fn work(rx: &Receiver<Tagged>, report: &impl Fn(u64, Done) -> bool) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        // A job that waits for input to settle (a search being typed) holds
        // the batch until no newer job has come for that long.
        while let Some(wait) = batch.iter().filter_map(|t| t.job.settle()).max() {
            match rx.recv_timeout(wait) {
                Ok(t) => {
                    batch.push(t);
                    batch.extend(rx.try_iter());
                    batch = newest_of_each_kind(batch);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        for t in newest_of_each_kind(batch) {
            if !report(t.screen, t.job.run()) {
                return;
            }
        }
    }
}

/// Of the waiting jobs, the newest of each (screen, kind), in the order
/// they were asked for.
pub fn newest_of_each_kind(batch: Vec<Tagged>) -> Vec<Tagged> {
    let mut newest: Vec<Tagged> = Vec::new();
    for t in batch.into_iter().rev() {
        let key = (t.screen, t.job.kind());
        if !newest.iter().any(|n| (n.screen, n.job.kind()) == key) {
            newest.push(t);
        }
    }
    newest.reverse();
    newest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench_view::ReloadJob;

    fn reload(screen: u64, generation: u64) -> Tagged {
        Tagged {
            screen,
            job: Job::BenchReload(ReloadJob {
                generation,
                files: Vec::new(),
                max_size: 1,
                live: None,
            }),
        }
    }

    fn generation(t: &Tagged) -> u64 {
        match &t.job {
            Job::BenchReload(r) => r.generation,
            _ => 0,
        }
    }

    #[test]
    fn only_the_newest_job_of_a_kind_per_screen_runs() {
        let kept =
            newest_of_each_kind(vec![reload(1, 1), reload(2, 7), reload(1, 2), reload(1, 3)]);
        let got: Vec<(u64, u64)> = kept.iter().map(|t| (t.screen, generation(t))).collect();
        assert_eq!(got, [(2, 7), (1, 3)]);
    }

    #[test]
    fn results_come_back_tagged_with_their_screen() {
        let (tx, rx) = mpsc::channel();
        let runner = Runner::start(move |screen, done| tx.send((screen, done)).is_ok());
        runner.spawn(5, reload(5, 9).job);
        let (screen, done) = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(screen, 5);
        assert!(matches!(
            done,
            Done::Bench(crate::bench_view::BenchMsg::Reloaded { generation: 9, .. })
        ));
    }
}
