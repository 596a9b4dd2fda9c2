//! A minimal HTTP/1.1 client: one kept-alive connection per load client, requests written
//! as bytes, responses read by `Content-Length` (or chunks).
//!
//! Why not reqwest: the load generator shares this machine's two cores with the server
//! it measures, and reqwest's per-request work (cookie store, header maps, the pool) took
//! as much CPU as the server's whole HTTP side: time the server did not get. This client
//! does only what the benchmark needs and nothing the server would notice: the requests
//! are ordinary HTTP/1.1 with the session cookie and headers a browser sends.

use std::io;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// One connection to the server, with the session cookie it sends (if logged in).
pub struct Connection {
    stream: BufReader<TcpStream>,
    host: String,
    cookie: Option<String>,
    request: Vec<u8>,
    line: String,
}

/// A response: its status, its `Set-Cookie` (the session's, at login) and its body.
pub struct Answer {
    pub status: u16,
    pub set_cookie: Option<String>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

impl Connection {
    /// Connects to `url` (`http://host:port`, as the server prints it).
    pub async fn open(url: &str) -> io::Result<Connection> {
        let host = url.trim_start_matches("http://").trim_end_matches('/');
        let stream = TcpStream::connect(host).await?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            stream: BufReader::new(stream),
            host: host.to_string(),
            cookie: None,
            request: Vec::with_capacity(1024),
            line: String::new(),
        })
    }

    /// Sends `cookie` (`name=value`) with every request from now on.
    pub fn use_cookie(&mut self, cookie: &str) {
        self.cookie = Some(cookie.to_string());
    }

    /// The cookie it sends, if any.
    pub fn cookie(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    pub async fn get(&mut self, path: &str) -> io::Result<Answer> {
        self.send("GET", path, &[], None).await
    }

    /// A JSON request with extra headers (`name`, `value`).
    pub async fn post(
        &mut self,
        path: &str,
        headers: &[(&str, &str)],
        json: &serde_json::Value,
    ) -> io::Result<Answer> {
        let body = serde_json::to_vec(json).map_err(io::Error::other)?;
        self.send("POST", path, headers, Some(&body)).await
    }

    async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> io::Result<Answer> {
        use std::io::Write;
        let r = &mut self.request;
        r.clear();
        write!(r, "{method} {path} HTTP/1.1\r\nhost: {}\r\n", self.host)?;
        if let Some(cookie) = &self.cookie {
            write!(r, "cookie: {cookie}\r\n")?;
        }
        for (name, value) in headers {
            write!(r, "{name}: {value}\r\n")?;
        }
        if let Some(body) = body {
            write!(
                r,
                "content-type: application/json\r\ncontent-length: {}\r\n",
                body.len()
            )?;
        }
        r.extend_from_slice(b"\r\n");
        if let Some(body) = body {
            r.extend_from_slice(body);
        }
        self.stream.get_mut().write_all(r).await?;
        self.read_answer().await
    }

    async fn read_answer(&mut self) -> io::Result<Answer> {
        let status_line = self.read_line().await?;
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| io::Error::other(format!("bad status line {status_line:?}")))?;
        let (mut length, mut chunked, mut set_cookie) = (0usize, false, None);
        loop {
            let line = self.read_line().await?;
            if line.is_empty() {
                break;
            }
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse().map_err(io::Error::other)?,
                "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
                "set-cookie" => {
                    set_cookie = value.split(';').next().map(str::to_string);
                }
                _ => {}
            }
        }
        let body = if chunked {
            self.read_chunks().await?
        } else {
            let mut body = vec![0; length];
            self.stream.read_exact(&mut body).await?;
            body
        };
        Ok(Answer {
            status,
            set_cookie,
            body,
        })
    }

    async fn read_chunks(&mut self) -> io::Result<Vec<u8>> {
        let mut body = Vec::new();
        loop {
            let size_line = self.read_line().await?;
            let size = usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16)
                .map_err(io::Error::other)?;
            if size == 0 {
                // Trailers (none expected) end with an empty line.
                while !self.read_line().await?.is_empty() {}
                return Ok(body);
            }
            let start = body.len();
            body.resize(start + size, 0);
            self.stream.read_exact(&mut body[start..]).await?;
            self.read_line().await?;
        }
    }

    /// One line without its CRLF; an error if the server closed the connection.
    async fn read_line(&mut self) -> io::Result<String> {
        self.line.clear();
        if self.stream.read_line(&mut self.line).await? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        Ok(self.line.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// `GET path` on a connection of its own, as JSON (`Null` if the answer is not JSON).
pub async fn get_json(url: &str, path: &str) -> io::Result<serde_json::Value> {
    Ok(Connection::open(url).await?.get(path).await?.json())
}

/// A logged-in session on its own connection: the cookie and the CSRF token every write
/// carries.
pub struct Session {
    pub connection: Connection,
    pub csrf: String,
}

impl Session {
    pub async fn login(url: &str, username: &str, password: &str) -> io::Result<Session> {
        let mut connection = Connection::open(url).await?;
        let answer = connection
            .post(
                "/api/v1/session",
                &[],
                &serde_json::json!({"username": username, "password": password}),
            )
            .await?;
        let (Some(cookie), Some(csrf)) = (
            answer.set_cookie.clone(),
            answer.json()["csrf_token"].as_str().map(str::to_string),
        ) else {
            return Err(io::Error::other(format!(
                "login as {username}: {} {}",
                answer.status,
                String::from_utf8_lossy(&answer.body)
            )));
        };
        connection.use_cookie(&cookie);
        Ok(Session { connection, csrf })
    }

    /// Another connection with the same session (one per load client).
    pub async fn another_connection(&self, url: &str) -> io::Result<Session> {
        let mut connection = Connection::open(url).await?;
        connection.cookie = self.connection.cookie.clone();
        Ok(Session {
            connection,
            csrf: self.csrf.clone(),
        })
    }

    /// A write: JSON with the CSRF token and an idempotency key.
    pub async fn submit(
        &mut self,
        path: &str,
        key: &str,
        json: &serde_json::Value,
    ) -> io::Result<Answer> {
        let csrf = self.csrf.clone();
        self.connection
            .post(
                path,
                &[("x-csrf-token", &csrf), ("idempotency-key", key)],
                json,
            )
            .await
    }
}
