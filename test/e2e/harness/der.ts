/** The DER encoder lives in core/pki (isobar certgen uses it); tests import it from here as before. */
export * from '../../../core/pki/der.js';
