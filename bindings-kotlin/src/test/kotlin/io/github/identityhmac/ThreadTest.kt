package io.github.identityhmac

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** One Signer (and one Verifier) shared by many threads, as a singleton bean would be. */
class ThreadTest {
    @Test
    fun `threads sharing one signer all get the JDK's hashes`() {
        val secret = "shared-signer-secret"
        val threads = 8
        val perThread = 2_000
        val pool = Executors.newFixedThreadPool(threads)
        val start = CountDownLatch(1)
        try {
            Signer(secret, SecretEncoding.TEXT).use { signer ->
                Verifier(listOf("older-secret", secret), SecretEncoding.TEXT).use { verifier ->
                    val tasks = (0 until threads).map { thread ->
                        Callable {
                            start.await()
                            var checked = 0
                            for (i in 0 until perThread) {
                                val identifier = "user-$thread-$i@example.com"
                                val hash = signer.sign(identifier)
                                assertEquals(jdkHmacHex(secret.toByteArray(), identifier.toByteArray()), hash)
                                assertTrue(signer.verify(identifier, hash))
                                assertEquals(1, verifier.matchingKey(identifier, hash))
                                if (i % 500 == 0) {
                                    val batch = List(100) { "$identifier/$it" }
                                    assertEquals(batch.map(signer::sign), signer.signMany(batch))
                                }
                                checked++
                            }
                            checked
                        }
                    }
                    val futures = tasks.map(pool::submit)
                    start.countDown()
                    assertEquals(threads * perThread, futures.sumOf { it.get(120, TimeUnit.SECONDS) })
                }
            }
        } finally {
            pool.shutdownNow()
        }
    }
}
