package io.invsync.support;

import jakarta.servlet.http.HttpServletRequest;

/** A service's own rule for writes that do not carry the admin key, such as a merchant's push key. */
public interface WriteAuthorizer {

    /** Whether the request may write; {@code key} is the X-Api-Key header, null when absent. */
    boolean authorizes(HttpServletRequest request, String key);
}
