/** The library's tables in the service's own PostgreSQL, MariaDB/MySQL or SQLite: dialects and migrations. */
package dev.junction.client.jdbc;
