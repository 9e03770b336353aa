//! `text/event-stream` responses as a [`Stream`] of typed events (server-sent events,
//! parsed by `eventsource-stream`).

use crate::error::Error;
use crate::transport::Sent;
use eventsource_stream::Eventsource;
use futures::StreamExt;
use futures::stream::BoxStream;
use std::time::Duration;

/// One server-sent event: its `data` decoded, with the other fields as sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The `event:` field (empty for the default `message` event).
    pub event: String,
    /// The `id:` field (the last one seen).
    pub id: String,
    /// The `retry:` field, if any.
    pub retry: Option<Duration>,
    pub data: T,
}

/// The events of an operation's `events()`, as they arrive: a boxed stream, so it can be
/// spawned, stored, returned and read with `next()` / `try_next()` as it is.
pub type EventStream<T, E> = BoxStream<'static, Result<Event<T>, Error<E>>>;

/// Decodes the `data` of an event as JSON.
pub fn json_event<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(data)
}

/// Takes the `data` of an event as text.
pub fn text_event(data: &str) -> Result<String, serde_json::Error> {
    Ok(data.to_owned())
}

/// The events of `response`, as they arrive. The stream ends with the response, at a
/// `data: [DONE]` event (the sentinel OpenAI-style APIs send), or after an error it yields.
pub fn event_stream<T: Send + 'static, E: Send + 'static>(
    response: reqwest::Response,
    decode: fn(&str) -> Result<T, serde_json::Error>,
) -> EventStream<T, E> {
    let sent = Sent::of(&response);
    let operation = sent.operation;
    let status = response.status();
    let headers = Box::new(response.headers().clone());
    response
        .bytes_stream()
        .eventsource()
        .take_while(|event| {
            let done = matches!(event, Ok(event) if event.data == "[DONE]");
            std::future::ready(!done)
        })
        .map(move |event| match event {
            Ok(event) => match decode(&event.data) {
                Ok(data) => Ok(Event {
                    event: event.event,
                    id: event.id,
                    retry: event.retry,
                    data,
                }),
                Err(source) => Err(Error::Decode {
                    operation,
                    status,
                    headers: headers.clone(),
                    body: event.data,
                    source,
                }),
            },
            Err(eventsource_stream::EventStreamError::Transport(error)) => Err(sent.failed(error)),
            Err(error) => Err(Error::Decode {
                operation,
                status,
                headers: headers.clone(),
                body: String::new(),
                source: serde::de::Error::custom(format!("malformed event stream: {error}")),
            }),
        })
        .scan(false, |failed, item| {
            // Stop after the first error.
            if *failed {
                return std::future::ready(None);
            }
            *failed = item.is_err();
            std::future::ready(Some(item))
        })
        .boxed()
}

/// The JSON values of `response` as they arrive, each as an [`Event`]'s `data` (with no
/// `event`, `id` or `retry`): a body of JSON Lines / NDJSON (`separator` `b'\n'`) or JSON Text
/// Sequences (`0x1E`, the record separator that starts each value). Empty records are
/// skipped; the stream ends with the response, or after an error it yields.
pub fn json_value_stream<T, E>(response: reqwest::Response, separator: u8) -> EventStream<T, E>
where
    T: serde::de::DeserializeOwned + Send + 'static,
    E: Send + 'static,
{
    let sent = Sent::of(&response);
    let operation = sent.operation;
    let status = response.status();
    let headers = Box::new(response.headers().clone());
    let decode = move |record: &[u8]| -> Option<Result<Event<T>, Error<E>>> {
        let record = record.trim_ascii();
        if record.is_empty() {
            return None;
        }
        Some(match serde_json::from_slice(record) {
            Ok(data) => Ok(Event {
                event: String::new(),
                id: String::new(),
                retry: None,
                data,
            }),
            Err(source) => Err(Error::Decode {
                operation,
                status,
                headers: headers.clone(),
                body: String::from_utf8_lossy(record).into_owned(),
                source,
            }),
        })
    };
    let state = (response.bytes_stream(), Vec::new(), false);
    futures::stream::unfold(state, move |(mut body, mut buffer, mut ended)| {
        let decode = decode.clone();
        async move {
            loop {
                // A whole record in the buffer: yield it.
                if let Some(end) = buffer.iter().position(|byte| *byte == separator) {
                    let record: Vec<u8> = buffer.drain(..=end).collect();
                    match decode(&record[..record.len() - 1]) {
                        Some(item) => return Some((item, (body, buffer, ended))),
                        None => continue,
                    }
                }
                if ended {
                    // The last record needs no separator after it.
                    let record = std::mem::take(&mut buffer);
                    return decode(&record).map(|item| (item, (body, buffer, ended)));
                }
                match body.next().await {
                    Some(Ok(chunk)) => buffer.extend_from_slice(&chunk),
                    Some(Err(error)) => {
                        ended = true;
                        buffer.clear();
                        return Some((Err(sent.failed(error)), (body, buffer, ended)));
                    }
                    None => ended = true,
                }
            }
        }
    })
    .scan(false, |failed, item| {
        // Stop after the first error.
        if *failed {
            return std::future::ready(None);
        }
        *failed = item.is_err();
        std::future::ready(Some(item))
    })
    .boxed()
}
