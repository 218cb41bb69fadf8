/** The sip connector; its issue builds it on top of the foundation (connectors/spi). */
package dev.ferry.sip;
