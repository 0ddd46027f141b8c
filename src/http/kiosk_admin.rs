//! `POST /admin/counters/{id}/kiosk`: a manager opens a kiosk address for a counter (withdrawing
//! the one in use, if any); `POST /admin/counters/{id}/kiosk/withdraw` withdraws it. The address
//! is shown on the counters page, to be opened once on the counter's tablet; the tablet needs no
//! sign-in.

use axum::{extract::State, response::Response};

use super::counters::after;
use super::staff::{Change, NoFields, ScopedCounter};
use super::{AppState, error::AppError};
use crate::db::kiosks;

pub async fn open(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
    sent: Change<NoFields>,
) -> Result<Response, AppError> {
    if !counter.active {
        return Err(AppError::Invalid(
            "Quầy đã ngừng hoạt động: bật lại quầy trước khi mở máy đánh giá.",
            "The counter is switched off: switch it on before opening a kiosk.",
        ));
    }
    kiosks::open(&state.db, &counter, sent.actor(), state.clock.now()).await?;
    Ok(after(&counter, sent.lang, "kiosk"))
}

pub async fn withdraw(
    State(state): State<AppState>,
    ScopedCounter(counter): ScopedCounter,
    sent: Change<NoFields>,
) -> Result<Response, AppError> {
    kiosks::withdraw(&state.db, &counter, sent.actor(), state.clock.now()).await?;
    Ok(after(&counter, sent.lang, "kiosk-off"))
}
