package io.invsync.cartpush.push;

import java.util.Optional;

import org.springframework.http.HttpHeaders;

/**
 * A cart's answer, whatever its status: a connector reads its 4xx answers (the vendor says what to fix), and
 * {@link CartHttp.Vendor#retryableIfThrottledOrFailing} judges 429 and 5xx. {@code body} is the text with the
 * request's credentials redacted, or the bytes of {@link CartHttp.Vendor#sendForBytes}.
 */
public record CartResponse<T>(int status, HttpHeaders headers, T body) {

    /** The first value of the response header {@code name}. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.getFirst(name));
    }
}
