//! Strongly connected components, iteratively (a 10,000-deep dependency chain
//! must not overflow the stack).

/// The cycles of a directed graph given as adjacency lists: every strongly
/// connected component with more than one node, or one node with an edge to
/// itself. Each cycle's nodes are sorted; cycles are sorted by first node.
pub fn cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut found = Vec::new();
    // Each frame: (node, position in its edge list).
    let mut frames: Vec<(usize, usize)> = Vec::new();
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        frames.push((start, 0));
        index[start] = next_index;
        low[start] = next_index;
        next_index += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (node, ref mut position)) = frames.last_mut() {
            if let Some(&next) = edges[node].get(*position) {
                *position += 1;
                if index[next] == usize::MAX {
                    index[next] = next_index;
                    low[next] = next_index;
                    next_index += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
            } else {
                frames.pop();
                if let Some(&(parent, _)) = frames.last() {
                    low[parent] = low[parent].min(low[node]);
                }
                if low[node] == index[node] {
                    let mut component = Vec::new();
                    while let Some(member) = stack.pop() {
                        on_stack[member] = false;
                        component.push(member);
                        if member == node {
                            break;
                        }
                    }
                    let self_loop = component.len() == 1 && edges[node].contains(&node);
                    if component.len() > 1 || self_loop {
                        component.sort_unstable();
                        found.push(component);
                    }
                }
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cycles_and_self_loops_only() {
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0], vec![]];
        assert_eq!(cycles(&edges), vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn deep_chains_do_not_overflow() {
        let n = 200_000;
        let mut edges: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
        edges[n - 1] = vec![0];
        assert_eq!(cycles(&edges)[0].len(), n);
        edges[n - 1].clear();
        assert!(cycles(&edges).is_empty());
    }
}
