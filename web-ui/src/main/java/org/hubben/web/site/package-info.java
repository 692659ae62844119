/**
 * The public pages: the home site Hubben serves for organisations without one, the
 * supporters' share kit, the tips and the privacy page. No login, no cookie, no
 * third-party resource; pages are rendered once and served from memory.
 */
package org.hubben.web.site;
