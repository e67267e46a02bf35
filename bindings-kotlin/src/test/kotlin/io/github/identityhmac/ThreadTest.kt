package io.github.identityhmac

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/** One Signer and one Verifier shared by many threads, as singleton beans would be. */
class ThreadTest {
    private val secret = "shared-signer-stress-secret"

    /** Runs [task] on [threads] threads started together; returns the sum of their results. */
    private fun onThreads(threads: Int, task: (thread: Int) -> Int): Int {
        val pool = Executors.newFixedThreadPool(threads)
        val start = CountDownLatch(1)
        try {
            val futures = (0 until threads).map { thread -> pool.submit(Callable { start.await(); task(thread) }) }
            start.countDown()
            return futures.sumOf { it.get(600, TimeUnit.SECONDS) }
        } finally {
            pool.shutdownNow()
        }
    }

    @Test
    fun `8 threads x 100 000 identifiers on one shared signer match the JDK's HMAC`() {
        val threads = 8
        val perThread = 100_000
        Signer(secret, SecretEncoding.TEXT).use { signer ->
            Verifier(listOf("older-secret", secret), SecretEncoding.TEXT).use { verifier ->
                val matched = onThreads(threads) { thread ->
                    // One javax.crypto.Mac per thread: Mac itself is not thread-safe.
                    val mac = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(secret.toByteArray(), "HmacSHA256")) }
                    var matched = 0
                    for (i in 0 until perThread) {
                        // Alternate String and ByteArray calls; vary the length so buffers differ.
                        val identifier = "t$thread-user-$i@example.com" + "x".repeat(i % 97)
                        val raw = identifier.toByteArray()
                        val hash = if (i % 2 == 0) signer.sign(identifier) else signer.sign(raw)
                        val expected = hex.formatHex(mac.doFinal(raw))
                        if (hash != expected) throw AssertionError("thread $thread identifier $i: $hash != $expected")
                        if (i % 1_000 == 0) {
                            assertTrue(signer.verify(identifier, hash))
                            assertEquals(1, verifier.matchingKey(identifier, hash))
                            val batch = List(100) { "$identifier/$it" }
                            assertEquals(batch.map(signer::sign), signer.signMany(batch))
                        }
                        matched++
                    }
                    matched
                }
                assertEquals(threads * perThread, matched)
            }
        }
    }

    @Test
    fun `closing a signer while other threads sign never frees it under a call`() {
        repeat(20) {
            val signer = Signer(secret, SecretEncoding.TEXT)
            val expected = jdkHmacHex(secret.toByteArray(), "id".toByteArray())
            val closedSeen = AtomicInteger()
            val signed = onThreads(4) { thread ->
                var ok = 0
                for (i in 0 until 20_000) {
                    if (thread == 0 && i == 100) signer.close()
                    try {
                        assertEquals(expected, signer.sign("id"))
                        ok++
                    } catch (_: IllegalStateException) {
                        closedSeen.incrementAndGet()
                        break
                    }
                }
                ok
            }
            assertTrue(signed >= 100, "signed $signed before the close")
            assertTrue(closedSeen.get() >= 1, "every thread but the closer may finish first, the closer cannot")
            assertThrows<IllegalStateException> { signer.sign("id") }
        }
    }
}
