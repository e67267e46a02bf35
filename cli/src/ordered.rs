//! Worker threads that process chunks in parallel and hand the results back
//! in input order, so the file modes' checking, signing and formatting spread
//! over every core while the output keeps the input's order.

use std::collections::BTreeMap;
use std::sync::mpsc::{self, Receiver};
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
/// when every worker has stopped and no result is left; a result that never
/// came (a worker that died) ends it early, which callers detect by the
/// last chunk's own mark.
pub struct InOrder<Out> {
    results: Receiver<(u64, Out)>,
    pending: BTreeMap<u64, Out>,
    next: u64,
}

impl<Out> Iterator for InOrder<Out> {
    type Item = Out;

    fn next(&mut self) -> Option<Out> {
        loop {
            if let Some(out) = self.pending.remove(&self.next) {
                self.next += 1;
                return Some(out);
            }
            let (seq, out) = self.results.recv().ok()?;
            self.pending.insert(seq, out);
        }
    }
}

/// Runs `work` over every item of `inputs` on `threads` detached threads.
/// The results channel is unbounded so that the worker holding the oldest
/// item can always hand it in: the caller bounds the items in flight (the
/// file modes hand the reader a fixed set of output buffers). Dropping the
/// returned iterator stops the workers at their next result.
pub fn map_in_order<In, Out, Work>(inputs: Receiver<In>, threads: usize, work: Work) -> InOrder<Out>
where
    In: Send + 'static,
    Out: Send + 'static,
    Work: Fn(In) -> Out + Send + Sync + 'static,
{
    // The sequence number is taken under the same lock as the item, so it is the input order.
    let inputs = Arc::new(Mutex::new((inputs, 0_u64)));
    let work = Arc::new(work);
    let (results_tx, results) = mpsc::channel();
    for _ in 0..threads.max(1) {
        let (inputs, work, results_tx) = (Arc::clone(&inputs), Arc::clone(&work), results_tx.clone());
        thread::spawn(move || {
            loop {
                let (seq, item) = {
                    let Ok(mut guard) = inputs.lock() else { return };
                    let Ok(item) = guard.0.recv() else { return };
                    guard.1 += 1;
                    (guard.1 - 1, item)
                };
                if results_tx.send((seq, work(item))).is_err() {
                    return;
                }
            }
        });
    }
    InOrder { results, pending: BTreeMap::new(), next: 0 }
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
        let results: Vec<u64> = map_in_order(rx, 3, |i: u64| {
            if i % 7 == 0 {
                thread::sleep(std::time::Duration::from_micros(200));
            }
            i * 2
        })
        .collect();
        feeder.join().unwrap();
        assert_eq!(results, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
    }
}
