package io.github.identityhmac

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Test
import java.nio.file.Files

/** The one version number, and the native library shipped where JNA finds it. */
class PackagingTest {
    @Test
    fun `version equals the workspace version and the Maven project version`() {
        val cargoToml = Files.readString(repoRoot.resolve("Cargo.toml"))
        val workspacePackage = cargoToml.substringAfter("[workspace.package]").substringBefore("\n[")
        val workspaceVersion = Regex("""(?m)^version\s*=\s*"([^"]+)"""").find(workspacePackage)?.groupValues?.get(1)
        assertNotNull(workspaceVersion, "no version in [workspace.package]")
        assertEquals(workspaceVersion, version())
        assertEquals(workspaceVersion, System.getProperty("identityhmac.mavenVersion"), "pom.xml <version> drifted")
    }

    @Test
    fun `the native library is a classpath resource for JNA`() {
        val platformLibrary = "${com.sun.jna.Platform.RESOURCE_PREFIX}/libidentity_hmac_kotlin.so"
        assertEquals("linux-x86-64/libidentity_hmac_kotlin.so", platformLibrary)
        assertNotNull(Signer::class.java.classLoader.getResource(platformLibrary))
        // Nothing else tells JNA where to look.
        assertEquals(null, System.getProperty("jna.library.path"))
    }
}
