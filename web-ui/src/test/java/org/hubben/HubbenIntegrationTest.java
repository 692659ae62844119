package org.hubben;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The one shared application context of the test suite: the embedded default (emulators
 * and demo data on) on an in-memory H2, served on a random port. Every test class that
 * carries exactly this annotation and nothing else that changes the context reuses the
 * same context, so the suite starts Spring once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public @interface HubbenIntegrationTest {

}
