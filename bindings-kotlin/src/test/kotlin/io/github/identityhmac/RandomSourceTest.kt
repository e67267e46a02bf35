package io.github.identityhmac

import com.sun.jna.Library
import com.sun.jna.Native
import java.nio.file.Files
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.condition.EnabledOnOs
import org.junit.jupiter.api.condition.OS

/**
 * A failing operating-system random source is IdentityHmacException.RandomSourceFailed with the
 * shared code RANDOM_SOURCE_FAILED. The repository's getrandom() shim
 * (conformance/test-support/failing_getrandom.c) is preloaded into a child JVM; it fails once
 * IDENTITY_HMAC_TEST_FAIL_GETRANDOM is set, which the child does after one good secret.
 */
@EnabledOnOs(OS.LINUX)
class RandomSourceTest {
    @Test
    fun `a failing random source is RandomSourceFailed`() {
        val dir = Files.createTempDirectory("identity-hmac-getrandom")
        val shim = dir.resolve("failing_getrandom.so")
        val source = repoRoot.resolve("conformance/test-support/failing_getrandom.c")
        val cc = ProcessBuilder("cc", "-shared", "-fPIC", "-o", shim.toString(), source.toString()).inheritIO().start()
        assertEquals(0, cc.waitFor(), "building the shim with cc")

        val java = ProcessHandle.current().info().command().orElse("java")
        val child = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RandomSourceChild::class.java.name)
            .redirectErrorStream(true)
        child.environment()["LD_PRELOAD"] = shim.toString()
        val process = child.start()
        val output = process.inputStream.bufferedReader().readText()
        assertEquals(0, process.waitFor(), output)
        assertEquals("first secret: 64 characters\nRandomSourceFailed RANDOM_SOURCE_FAILED\n", output)
    }
}

/** The child JVM of [RandomSourceTest]. */
object RandomSourceChild {
    private interface LibC : Library {
        fun setenv(name: String, value: String, overwrite: Int): Int
    }

    @JvmStatic
    fun main(args: Array<String>) {
        println("first secret: ${generateSecret().length} characters")
        // The JVM cannot change its own environment; the C library's setenv can, and the shim reads it.
        Native.load("c", LibC::class.java).setenv("IDENTITY_HMAC_TEST_FAIL_GETRANDOM", "1", 1)
        try {
            generateSecret()
            println("no error")
        } catch (e: IdentityHmacException.RandomSourceFailed) {
            println("RandomSourceFailed ${e.code}")
        }
    }
}
