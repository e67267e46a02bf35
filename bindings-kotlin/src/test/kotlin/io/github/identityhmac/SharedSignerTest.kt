package io.github.identityhmac

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/** Issue 11 §3: 8 threads share one Signer and sign 100 000 identifiers each. */
class SharedSignerTest {
    @Test
    fun `8 threads x 100 000 identifiers on one shared signer match the JDK's HMAC`() {
        val secret = "shared-signer-stress-secret"
        val threads = 8
        val perThread = 100_000
        val pool = Executors.newFixedThreadPool(threads)
        val start = CountDownLatch(1)
        try {
            Signer(secret, SecretEncoding.TEXT).use { signer ->
                val tasks = (0 until threads).map { thread ->
                    Callable {
                        // One javax.crypto.Mac per thread: Mac itself is not thread-safe.
                        val mac = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(secret.toByteArray(), "HmacSHA256")) }
                        start.await()
                        var matched = 0
                        for (i in 0 until perThread) {
                            // Alternate String and ByteArray calls; vary the length so buffers differ.
                            val identifier = "t$thread-user-$i@example.com" + "x".repeat(i % 97)
                            val raw = identifier.toByteArray()
                            val hash = if (i % 2 == 0) signer.sign(identifier) else signer.sign(raw)
                            val expected = hex.formatHex(mac.doFinal(raw))
                            if (hash != expected) throw AssertionError("thread $thread identifier $i: $hash != $expected")
                            matched++
                        }
                        matched
                    }
                }
                val futures = tasks.map(pool::submit)
                start.countDown()
                assertEquals(threads * perThread, futures.sumOf { it.get(600, TimeUnit.SECONDS) })
            }
        } finally {
            pool.shutdownNow()
        }
    }
}
