package io.invsync.cartpush.push;

import java.net.URI;

import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * Spring's {@code http.client.requests} observation of a cart call (method, status, outcome, client.name), with the
 * cart type as {@value #CART_TYPE_TAG} and the request's {@link CartRequest#route() route} as {@code uri}: both low
 * cardinality, so the timer has a series per vendor and endpoint, not per SKU or query. The span's {@code http.url}
 * has no query: a pre-signed document URL's query is a credential.
 */
class CartCallObservation extends DefaultClientRequestObservationConvention {

    static final String CART_TYPE_TAG = "invsync.cart.type";
    /** Request attributes {@link CartHttp} sets on each call. */
    static final String CART_TYPE = CartCallObservation.class.getName() + ".cartType";
    static final String ROUTE = CartCallObservation.class.getName() + ".route";

    @Override
    public KeyValues getLowCardinalityKeyValues(ClientRequestObservationContext context) {
        return super.getLowCardinalityKeyValues(context).and(KeyValue.of(CART_TYPE_TAG,
                attribute(context, CART_TYPE, "none")));
    }

    @Override
    protected KeyValue uri(ClientRequestObservationContext context) {
        String route = attribute(context, ROUTE, null);
        return route == null ? super.uri(context) : KeyValue.of("uri", route);
    }

    @Override
    protected KeyValue requestUri(ClientRequestObservationContext context) {
        if (context.getCarrier() == null) {
            return super.requestUri(context);
        }
        URI uri = context.getCarrier().getURI();
        return KeyValue.of("http.url", uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath());
    }

    private static String attribute(ClientRequestObservationContext context, String name, String otherwise) {
        Object value = context.getCarrier() == null ? null : context.getCarrier().getAttributes().get(name);
        return value == null ? otherwise : value.toString();
    }
}
