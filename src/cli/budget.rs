//! The limits of `verideck simulate`: a run keeps every point, gradient and
//! state of its trajectory in memory and prints them all, so the number of
//! steps, and steps times the dimension of θ, are capped. A request above a
//! cap is refused with one clear error (exit 2) before anything is
//! allocated, whatever number was asked for.

/// The most steps one `simulate` run takes.
pub const MAX_STEPS: u64 = 1_000_000;

/// The most numbers one trajectory may hold: steps × dimension of θ.
pub const MAX_VALUES: u64 = 10_000_000;

/// Checks `steps` of a `dim`-dimensional run against the caps and returns
/// it as a `usize`, or the error message.
pub fn check_steps(steps: u64, dim: usize) -> Result<usize, String> {
    if steps > MAX_STEPS {
        return Err(format!(
            "--steps {steps} is over the maximum of {MAX_STEPS} steps per run"
        ));
    }
    let values = steps.saturating_mul(dim as u64);
    if values > MAX_VALUES {
        return Err(format!(
            "--steps {steps} with a {dim}-dimensional θ is {values} values, over the \
             maximum of {MAX_VALUES} (steps × dimension) per run"
        ));
    }
    usize::try_from(steps).map_err(|_| format!("--steps {steps} is too large for this machine"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_hold_for_any_u64() {
        assert_eq!(check_steps(10, 2), Ok(10));
        assert_eq!(check_steps(MAX_STEPS, 1), Ok(MAX_STEPS as usize));
        assert!(check_steps(MAX_STEPS + 1, 1).is_err());
        assert!(check_steps(u64::MAX, usize::MAX).is_err());
        assert!(check_steps(MAX_STEPS, 11).is_err());
    }
}
