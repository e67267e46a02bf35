//! Worker threads that process chunks in parallel and hand the results back
//! in input order, so the file modes' checking, signing and formatting spread
//! over every core while the output keeps the input's order.

use std::collections::BTreeMap;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

/// Worker threads for the file modes: `RAYON_NUM_THREADS` when set, the same
/// knob as the plain-lines mode's signing pool, else one per core.
pub fn worker_count() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|value| value.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .or_else(|| thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1)
}

/// The results of `map_in_order`, in the order of their inputs. It ends
/// when every worker has stopped and no result is left, or early when a
/// worker died (a bug), which `worker_died` then tells.
pub struct InOrder<Out> {
    results: Receiver<Option<(u64, Out)>>,
    pending: BTreeMap<u64, Out>,
    next: u64,
    died: bool,
}

impl<Out> InOrder<Out> {
    pub fn worker_died(&self) -> bool {
        self.died
    }
}

impl<Out> Iterator for InOrder<Out> {
    type Item = Out;

    fn next(&mut self) -> Option<Out> {
        loop {
            if let Some(out) = self.pending.remove(&self.next) {
                self.next += 1;
                return Some(out);
            }
            match self.results.recv() {
                Ok(Some((seq, out))) => {
                    self.pending.insert(seq, out);
                }
                Ok(None) => {
                    self.died = true;
                    return None;
                }
                Err(_) => {
                    // Every worker is gone: a result still missing was lost.
                    self.died |= !self.pending.is_empty();
                    return None;
                }
            }
        }
    }
}

/// Tells the results' reader when its worker thread unwinds from a panic.
struct DeathNotice<Out>(Sender<Option<(u64, Out)>>);

impl<Out> Drop for DeathNotice<Out> {
    fn drop(&mut self) {
        if thread::panicking() {
            let _ = self.0.send(None);
        }
    }
}

/// Runs `work(sequence number, item)` over every item of `inputs` on
/// `threads` detached threads.
/// The results channel is unbounded so that the worker holding the oldest
/// item can always hand it in: the caller bounds the items in flight (the
/// file modes hand the reader a fixed set of output buffers). Dropping the
/// returned iterator stops the workers at their next result.
pub fn map_in_order<In, Out, Work>(inputs: Receiver<In>, threads: usize, work: Work) -> InOrder<Out>
where
    In: Send + 'static,
    Out: Send + 'static,
    Work: Fn(u64, In) -> Out + Send + Sync + 'static,
{
    // The sequence number is taken under the same lock as the item, so it is the input order.
    let inputs = Arc::new(Mutex::new((inputs, 0_u64)));
    let work = Arc::new(work);
    let (results_tx, results) = mpsc::channel();
    for _ in 0..threads.max(1) {
        let (inputs, work, results_tx) = (Arc::clone(&inputs), Arc::clone(&work), results_tx.clone());
        thread::spawn(move || {
            let notice = DeathNotice(results_tx);
            loop {
                let (seq, item) = {
                    let Ok(mut guard) = inputs.lock() else { return };
                    let Ok(item) = guard.0.recv() else { return };
                    guard.1 += 1;
                    (guard.1 - 1, item)
                };
                if notice.0.send(Some((seq, work(seq, item)))).is_err() {
                    return;
                }
            }
        });
    }
    InOrder { results, pending: BTreeMap::new(), next: 0, died: false }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order() {
        let (tx, rx) = mpsc::sync_channel(4);
        let feeder = thread::spawn(move || {
            for i in 0..1000_u64 {
                tx.send(i).unwrap();
            }
        });
        // Uneven work, so workers finish out of order.
        let results: Vec<u64> = map_in_order(rx, 3, |_, i: u64| {
            if i.is_multiple_of(7) {
                thread::sleep(std::time::Duration::from_micros(200));
            }
            i * 2
        })
        .collect();
        feeder.join().unwrap();
        assert_eq!(results, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_worker_that_panics_is_reported_not_skipped() {
        let (tx, rx) = mpsc::sync_channel(4);
        let feeder = thread::spawn(move || {
            for i in 0..100_u64 {
                if tx.send(i).is_err() {
                    return;
                }
            }
        });
        let mut results = map_in_order(rx, 2, |_, i: u64| {
            assert!(i != 50, "a bug in a worker");
            i
        });
        let got: Vec<u64> = results.by_ref().collect();
        feeder.join().unwrap();
        assert!(results.worker_died());
        assert!(got.len() <= 50 && got.iter().enumerate().all(|(index, &i)| index as u64 == i));
    }
}
